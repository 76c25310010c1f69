import * as tf from '@spectromix/tensor';
import type { GradConfig, Tensor } from '@spectromix/tensor';
import { KernelShapeError } from '../errors.js';
import { LINEAR } from '../names.js';
import { columnSum, matMulSumBatch, rowSum } from '../ops/grad-ops.js';

/**
 * Sums `t` over the leading axes it has beyond `shape`'s batch, then gives it `shape`: a column sum of
 * `[batch, rows * cols]` (one pass, where `tf.sum` over axis 0 transposes the whole product first on WebGPU).
 */
function reduceTo(t: Tensor, shape: readonly number[]): Tensor {
  const size = shape.reduce((x, y) => x * y, 1);
  if (t.size === size) return tf.reshape(t, [...shape]);
  return tf.reshape(columnSum(tf.reshape(t, [-1, size])), [...shape]);
}

const batchOf = (t: Tensor) => t.shape.slice(0, -2).reduce((x, y) => x * y, 1);

/**
 * FLOPs from which a token map's input gradient transposes its weight first: the transpose is one more launch, which
 * a launch-bound step (asm-rh-small: 2.8 GFLOP per product, 0.1 ms saved per step in all) pays for on the CPU, while
 * asm-rh-base (11.3 GFLOP, GPU-bound) saves 0.8 ms of GPU time per step.
 */
const TRANSPOSED_WEIGHT_FLOPS = 8e9;

/** `[..., R, C]` as `[batch, R, C]`. */
const as3d = (t: Tensor): Tensor => tf.reshape(t, [-1, t.shape[t.shape.length - 2] ?? 1, t.shape[t.shape.length - 1] ?? 1]);

/**
 * `op(x) @ op(y)` summed to `shape`. When the gradient's own operand was shared by every item and the two factors
 * are batched alike (a token map's weight), the per-item products are summed inside one product (batch folded
 * into K) instead of being written as a `[batch, ., .]` slab and reduced after.
 */
function productTo(shape: readonly number[], shared: boolean, x: Tensor, y: Tensor, tx: boolean, ty: boolean): Tensor {
  if (shared && batchOf(x) > 1 && batchOf(x) === batchOf(y)) return tf.reshape(matMulSumBatch(as3d(x), as3d(y), tx, ty), [...shape]);
  return reduceTo(tf.matMul(x, y, tx, ty), shape);
}

/** dL/da for `y = op(a) @ op(b)`. */
function gradA(dz: Tensor, a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor {
  const shared = batchOf(a) === 1;
  if (!tA) return tB ? productTo(a.shape, shared, dz, b, false, false) : productTo(a.shape, shared, dz, b, false, true);
  return tB ? productTo(a.shape, shared, b, dz, true, true) : productTo(a.shape, shared, b, dz, false, true);
}

/** dL/db; a shared `b` with an untransposed `a` folds the batch into one product with K = batch * M. */
function gradB(dz: Tensor, a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor {
  const shared = batchOf(b) === 1;
  if (shared && batchOf(dz) > 1 && !tA) {
    const k = a.shape[a.shape.length - 1] ?? 1;
    const n = dz.shape[dz.shape.length - 1] ?? 1;
    const a2 = tf.reshape(a, [-1, k]);
    const dz2 = tf.reshape(dz, [-1, n]);
    return tf.reshape(tB ? tf.matMul(dz2, a2, true, false) : tf.matMul(a2, dz2, true, false), [...b.shape]);
  }
  if (!tA) return tB ? productTo(b.shape, shared, dz, a, true, false) : productTo(b.shape, shared, a, dz, true, false);
  if (tB) return productTo(b.shape, shared, dz, a, true, true);
  const rows = a.shape[a.shape.length - 2] ?? 1;
  if (batchOf(a) === 1 && a.size < b.size) return reduceTo(sharedWeightTimes(a, dz, 2 * rows * dz.size >= TRANSPOSED_WEIGHT_FLOPS), b.shape);
  return productTo(b.shape, shared, a, dz, false, false);
}

/**
 * `a @ dz[i]` for a weight `a` (`[rows, cols]`, leading axes of 1) shared by every item of `dz` (`[..., cols, C]`): a
 * token map's input gradient. With `transposeFirst` the small weight is transposed once so that the product reads it
 * along its output rows (16-byte loads straight into shared memory), 12-15% faster on the H100 than reading it along K
 * (BENCHMARKS.md, matmul run 12: the token `fwd` rows; docs/perf-notes.md).
 */
export function sharedWeightTimes(a: Tensor, dz: Tensor, transposeFirst: boolean): Tensor {
  if (!transposeFirst) return tf.matMul(a, dz, false, false);
  const a2 = tf.reshape(a, [a.shape[a.shape.length - 2] ?? 1, a.shape[a.shape.length - 1] ?? 1]);
  return tf.tidy(() => tf.matMul(tf.transpose(a2), dz, true, false));
}

/**
 * Throws unless a matmul op's kernel was recorded with a linear epilogue: its op (`linear`, `rolledLinear`) splits
 * the GELU off while gradients are recorded, so a fused activation here means the kernel was called directly.
 */
export function requireLinearEpilogue(op: string, attrs: Record<string, unknown>): void {
  if (attrs['activation'] !== 'linear') {
    throw new KernelShapeError(op, `the fused '${String(attrs['activation'])}' epilogue was recorded for gradients; call ${op}() (which splits the GELU off while recording) rather than the kernel.`);
  }
}

/** Gradient of `spectromix.Linear` (recorded only with a linear activation; GELU runs as its own op then). */
export const linearGradConfig: GradConfig = {
  kernelName: LINEAR,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    requireLinearEpilogue('linear', attrs);
    const [a, b] = saved as [Tensor, Tensor];
    const dz = dy as Tensor;
    const tA = attrs['transposeA'] === true;
    const tB = attrs['transposeB'] === true;
    return {
      a: () => gradA(dz, a, b, tA, tB),
      b: () => gradB(dz, a, b, tA, tB),
      bias: () => (attrs['biasAxis'] === 'row' ? rowSum(dz) : columnSum(dz)),
      residual: () => tf.clone(dz),
    };
  },
};
