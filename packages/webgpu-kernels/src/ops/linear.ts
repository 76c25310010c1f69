import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { hasKernel, runKernel } from '../dispatch.js';
import { KernelShapeError } from '../errors.js';
import { matMulGeometry } from '../matmul/run-matmul.js';
import type { BiasAxis } from '../matmul/matmul-types.js';
import { LINEAR } from '../names.js';
import { linearComposite } from '../reference/composites.js';
import { biasGelu } from './bias-gelu.js';
import { requireFloat32, requireVector } from './validate.js';

/** Options of {@link linear}. */
export interface LinearOptions {
  /** Use `a` transposed (its last two axes swapped), without moving data. */
  readonly transposeA?: boolean;
  /** Use `b` transposed, e.g. a torch `Linear.weight` `[out, in]` as the right operand. */
  readonly transposeB?: boolean;
  /** A vector added along `biasAxis` before the activation. */
  readonly bias?: Tensor;
  /** `'column'` (default): bias `[N]`, one per output column; `'row'`: bias `[M]`, one per output row. */
  readonly biasAxis?: BiasAxis;
  /** `'linear'` (default) or exact `'gelu'`. */
  readonly activation?: 'linear' | 'gelu';
  /** A tensor of the output's shape added last (a residual connection). */
  readonly residual?: Tensor;
}

/**
 * `act(op(a) @ op(b) + bias) + residual`, batched over leading axes (equal, or one side a single matrix
 * shared by every batch entry). On WebGPU one launch of the tiled matmul with the bias, GELU and residual
 * in its epilogue; while gradients are being recorded the GELU runs as a separate fused pass that keeps
 * its input for the backward. Elsewhere tfjs ops. Gradients reduce over broadcast batch axes.
 * @param a `[..., M, K]` (`[..., K, M]` with transposeA).
 * @param b `[..., K, N]` (`[..., N, K]` with transposeB).
 * @example
 * ```ts
 * // ChannelMLP fc1 with torch-layout weight [D_C, D]: [B, N, D] -> [B, N, D_C]
 * const h = linear(x, w1, { transposeB: true, bias: b1, activation: 'gelu' });
 * // TokenMix fc1 without transposes: W [D_S, N] times x [B, N, D] -> [B, D_S, D], bias per row
 * const t = linear(w, x, { bias: bTok, biasAxis: 'row', activation: 'gelu' });
 * ```
 */
export function linear(a: Tensor, b: Tensor, options: LinearOptions = {}): Tensor {
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  const biasAxis = options.biasAxis ?? 'column';
  const activation = options.activation ?? 'linear';
  requireFloat32('linear', 'a', a);
  requireFloat32('linear', 'b', b);
  const g = matMulGeometry(a, b, transposeA, transposeB);
  if (typeof g === 'string') throw new KernelShapeError('linear', `cannot multiply a [${a.shape.join(', ')}] by b [${b.shape.join(', ')}]: ${g}.`);
  if (options.bias != null) {
    requireFloat32('linear', 'bias', options.bias);
    requireVector('linear', 'bias', options.bias, biasAxis === 'column' ? g.n : g.m);
  }
  const residual = options.residual;
  if (residual != null) {
    requireFloat32('linear', 'residual', residual);
    if (residual.shape.length !== g.outShape.length || residual.shape.some((d, i) => d !== g.outShape[i])) {
      throw new KernelShapeError('linear', `residual has shape [${residual.shape.join(', ')}]; expected the output shape [${g.outShape.join(', ')}].`);
    }
  }
  if (activation !== 'linear' && activation !== 'gelu') throw new KernelShapeError('linear', `activation '${String(activation)}' is not 'linear' or 'gelu'.`);
  if (!hasKernel(LINEAR)) {
    return linearComposite(a, b, { transposeA, transposeB, bias: options.bias, biasAxis, gelu: activation === 'gelu', residual }, g.outShape);
  }
  const attrs = { transposeA, transposeB, biasAxis, activation };
  if (activation === 'gelu' && tf.engine().state.gradientDepth > 0) {
    // Training: the GELU's backward needs its input, so it is not folded into the matmul epilogue.
    return tf.tidy(() => {
      const z = runKernel(LINEAR, { a, b, bias: options.bias }, { ...attrs, activation: 'linear' });
      const y = biasGelu(z);
      return residual == null ? y : tf.add(y, residual);
    });
  }
  return runKernel(LINEAR, { a, b, bias: options.bias, residual }, attrs);
}
