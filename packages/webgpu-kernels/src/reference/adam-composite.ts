/** The Adam step in tfjs ops: what `adamUpdate` runs on backends without the fused kernels, and its test reference. */
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';

/** The per-step constants of one Adam update, as the fused kernels receive them. */
export interface AdamStepConstants {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Adam's L2 coefficient (0 for AdamW, whose decay is `decay`). */
  readonly l2: number;
  /** AdamW's `1 - lr weightDecay` (1 for Adam). */
  readonly decay: number;
  /** `sqrt(1 - beta2^t)`. */
  readonly biasCorrection2Sqrt: number;
  /** `lr / (1 - beta1^t)`. */
  readonly stepSize: number;
}

/**
 * One Adam step in tfjs ops with the fused kernels' operation order, moments packed `[m | v]`:
 * returns the new parameter and the new packed moments.
 */
export function adamComposite(param: Tensor, grad: Tensor, moments: Tensor, k: AdamStepConstants, gradScale?: Tensor): { param: Tensor; moments: Tensor } {
  return tf.tidy(() => {
    const n = param.size;
    const m = tf.reshape(tf.slice(moments, [0], [n]), param.shape);
    const v = tf.reshape(tf.slice(moments, [n], [n]), param.shape);
    let g = gradScale == null ? grad : tf.mul(grad, tf.reshape(gradScale, []));
    if (k.l2 !== 0) g = tf.add(g, tf.mul(param, tf.scalar(k.l2)));
    const m2 = tf.add(tf.mul(m, tf.scalar(k.beta1)), tf.mul(g, tf.scalar(1 - k.beta1)));
    const v2 = tf.add(tf.mul(v, tf.scalar(k.beta2)), tf.mul(tf.mul(g, g), tf.scalar(1 - k.beta2)));
    const p = k.decay === 1 ? param : tf.mul(param, tf.scalar(k.decay));
    const denom = tf.add(tf.div(tf.sqrt(v2), tf.scalar(k.biasCorrection2Sqrt)), tf.scalar(k.eps));
    const next = tf.add(p, tf.mul(tf.div(m2, denom), tf.scalar(-k.stepSize)));
    return { param: next, moments: tf.concat([tf.reshape(m2, [n]), tf.reshape(v2, [n])]) };
  });
}
