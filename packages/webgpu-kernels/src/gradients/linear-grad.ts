import * as tf from '@spectromix/tensor';
import type { GradConfig, Tensor } from '@spectromix/tensor';
import { KernelShapeError } from '../errors.js';
import { LINEAR } from '../names.js';
import { columnSum, rowSum } from '../ops/grad-ops.js';

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

/** dL/da for `y = op(a) @ op(b)`. */
function gradA(dz: Tensor, a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor {
  let da: Tensor;
  if (!tA) da = tB ? tf.matMul(dz, b, false, false) : tf.matMul(dz, b, false, true);
  else da = tB ? tf.matMul(b, dz, true, true) : tf.matMul(b, dz, false, true);
  return reduceTo(da, a.shape);
}

/** dL/db; a shared `b` with an untransposed `a` folds the batch into one product with K = batch * M. */
function gradB(dz: Tensor, a: Tensor, b: Tensor, tA: boolean, tB: boolean): Tensor {
  if (batchOf(b) === 1 && batchOf(dz) > 1 && !tA) {
    const k = a.shape[a.shape.length - 1] ?? 1;
    const n = dz.shape[dz.shape.length - 1] ?? 1;
    const a2 = tf.reshape(a, [-1, k]);
    const dz2 = tf.reshape(dz, [-1, n]);
    return tf.reshape(tB ? tf.matMul(dz2, a2, true, false) : tf.matMul(a2, dz2, true, false), [...b.shape]);
  }
  let db: Tensor;
  if (!tA) db = tB ? tf.matMul(dz, a, true, false) : tf.matMul(a, dz, true, false);
  else db = tB ? tf.matMul(dz, a, true, true) : tf.matMul(a, dz, false, false);
  return reduceTo(db, b.shape);
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
