import * as tf from '@spectromix/tensor';
import { TrainConfigError } from '../errors.js';

/** Result of {@link clipGradNorm}. */
export interface ClippedGradients {
  /** The scaled gradients (new tensors; the inputs are not disposed). */
  readonly grads: Map<string, tf.Tensor>;
  /** The total L2 norm of the gradients before clipping, as a scalar tensor (read it only if you need it). */
  readonly totalNorm: tf.Scalar;
}

/** Result of {@link clipCoefficient}. */
export interface ClipCoefficient {
  /** `min(1, maxNorm / (totalNorm + 1e-6))`, the factor every gradient is multiplied by. */
  readonly coef: tf.Scalar;
  /** The total L2 norm of the gradients, as a scalar tensor. */
  readonly totalNorm: tf.Scalar;
}

function checkMaxNorm(maxNorm: number): void {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new TrainConfigError('maxNorm', `must be a finite number > 0, got ${maxNorm}`);
}

/**
 * The factor `torch.nn.utils.clip_grad_norm_` scales gradients by, without scaling them: `totalNorm` is the L2
 * norm of all gradients together, `sqrt(sum_i sum(g_i^2))` (torch's norm of the per-tensor norms, with one
 * square root instead of n + 1), and `coef = min(1, maxNorm / (totalNorm + 1e-6))`. Two launches per gradient
 * and a few for the stacked sum; nothing is read back. Pass `coef` to `optimizer.step(grads, { gradScale: coef })` to
 * clip inside the update.
 * @param grads gradients by parameter name.
 * @param maxNorm the largest allowed global norm, > 0.
 */
export function clipCoefficient(grads: ReadonlyMap<string, tf.Tensor>, maxNorm: number): ClipCoefficient {
  checkMaxNorm(maxNorm);
  const [coef, totalNorm] = tf.tidy(() => {
    const squares = [...grads.values()].map((g) => tf.sum(tf.square(g)));
    // stack, not addN: tfjs's webgpu AddN binds every input at once and fails past the storage-buffer limit,
    // while its concat splits large input lists.
    const total = squares.length === 0 ? tf.scalar(0) : tf.sqrt(tf.sum(tf.stack(squares)));
    return [tf.minimum(tf.div(maxNorm, tf.add(total, 1e-6)), 1), total];
  });
  return { coef: coef as tf.Scalar, totalNorm: totalNorm as tf.Scalar };
}

/**
 * Scales gradients so their global L2 norm is at most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`:
 * `totalNorm = ||(||g_1||, ..., ||g_n||)||`, `coef = min(1, maxNorm / (totalNorm + 1e-6))`, `g *= coef`.
 * Everything stays on the device: no value is read back, so a WebGPU step is not stalled. (`trainStep` uses
 * {@link clipCoefficient} and lets the optimiser apply the factor instead, saving a launch per gradient.)
 * @param grads gradients by parameter name.
 * @param maxNorm the largest allowed global norm, > 0.
 */
export function clipGradNorm(grads: ReadonlyMap<string, tf.Tensor>, maxNorm: number): ClippedGradients {
  const { coef, totalNorm } = clipCoefficient(grads, maxNorm);
  const clipped = new Map<string, tf.Tensor>();
  tf.tidy(() => {
    for (const [name, g] of grads) clipped.set(name, tf.keep(tf.mul(g, coef)));
  });
  coef.dispose();
  return { grads: clipped, totalNorm };
}
