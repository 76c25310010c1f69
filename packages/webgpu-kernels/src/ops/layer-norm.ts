import type { Tensor } from '@spectromix/tensor';
import { hasKernel, runKernel, runKernelOutputs } from '../dispatch.js';
import { KernelShapeError } from '../errors.js';
import { LAYER_NORM, LAYER_NORM_SKIP } from '../names.js';
import { layerNormComposite } from '../reference/composites.js';
import { requireFloat32, requireVector } from './validate.js';

/**
 * LayerNorm over the last axis, as `torch.nn.functional.layer_norm(x, [D], weight, bias, eps)`:
 * `(x - mean) / sqrt(var + eps) * gamma + beta` with the biased variance. On WebGPU (after
 * `registerFastWebGPUKernels()`) one fused pass forward and two fused passes backward; elsewhere tfjs ops.
 * @param x any shape `[..., D]`.
 * @param gamma scale `[D]` (torch `weight`).
 * @param beta shift `[D]` (torch `bias`).
 * @param epsilon added to the variance; ASM-RH uses 1e-6.
 */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, epsilon = 1e-6): Tensor {
  validate(x, gamma, beta, epsilon);
  if (hasKernel(LAYER_NORM)) return runKernel(LAYER_NORM, { x, gamma, beta }, { epsilon });
  return layerNormComposite(x, gamma, beta, epsilon);
}

/**
 * `[layerNorm(x, gamma, beta, epsilon), x]` for a pre-norm residual block, where `x` feeds both the norm and
 * the skip connection: use the second output as the skip. On WebGPU both come from one op (the second is `x`'s
 * own buffer, no copy), so the backward adds the skip's gradient inside the LayerNorm backward pass instead of
 * a separate add; elsewhere the second output is `x` itself.
 * @example
 * ```ts
 * const [normed, skip] = layerNormWithSkip(x, gamma, beta, 1e-6);
 * const y = linear(tf.reshape(normed, [-1, d]), w, { transposeB: true, residual: tf.reshape(skip, [-1, d]) });
 * ```
 */
export function layerNormWithSkip(x: Tensor, gamma: Tensor, beta: Tensor, epsilon = 1e-6): [Tensor, Tensor] {
  validate(x, gamma, beta, epsilon);
  if (hasKernel(LAYER_NORM_SKIP)) {
    const [y, skip] = runKernelOutputs(LAYER_NORM_SKIP, { x, gamma, beta }, { epsilon }) as [Tensor, Tensor];
    return [y, skip];
  }
  return [layerNormComposite(x, gamma, beta, epsilon), x];
}

function validate(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): void {
  const d = x.shape[x.shape.length - 1];
  if (d == null || d === 0) throw new KernelShapeError('layerNorm', `x has shape [${x.shape.join(', ')}]; expected at least one axis of non-zero size to normalise.`);
  requireFloat32('layerNorm', 'x', x);
  requireVector('layerNorm', 'gamma', gamma, d);
  requireVector('layerNorm', 'beta', beta, d);
  if (!(epsilon >= 0)) throw new KernelShapeError('layerNorm', `epsilon is ${epsilon}; expected a non-negative number such as 1e-6.`);
}
