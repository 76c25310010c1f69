import * as tf from '@spectromix/tensor';
import { TrainConfigError } from '../errors.js';

/** Result of {@link clipGradNorm}. */
export interface ClippedGradients {
  /** The scaled gradients (new tensors; the inputs are not disposed). */
  readonly grads: Map<string, tf.Tensor>;
  /** The total L2 norm of the gradients before clipping, as a scalar tensor (read it only if you need it). */
  readonly totalNorm: tf.Scalar;
}

/**
 * Scales gradients so their global L2 norm is at most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`:
 * `totalNorm = ||(||g_1||, ..., ||g_n||)||`, `coef = min(1, maxNorm / (totalNorm + 1e-6))`, `g *= coef`.
 * Everything stays on the device: no value is read back, so a WebGPU step is not stalled.
 * @param grads gradients by parameter name.
 * @param maxNorm the largest allowed global norm, > 0.
 */
export function clipGradNorm(grads: ReadonlyMap<string, tf.Tensor>, maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new TrainConfigError('maxNorm', `must be a finite number > 0, got ${maxNorm}`);
  const names = [...grads.keys()];
  const [totalNorm, ...scaled] = tf.tidy(() => {
    const list = [...grads.values()];
    const total = list.length === 0 ? tf.scalar(0) : tf.norm(tf.stack(list.map((g) => tf.norm(g))));
    const coef = tf.minimum(tf.div(maxNorm, tf.add(total, 1e-6)), 1);
    return [total, ...list.map((g) => tf.mul(g, coef))];
  });
  const clipped = new Map<string, tf.Tensor>();
  names.forEach((name, i) => clipped.set(name, scaled[i] as tf.Tensor));
  return { grads: clipped, totalNorm: totalNorm as tf.Scalar };
}
