import * as tf from '@spectromix/tensor';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Exact GELU with a hand-written gradient, d/dx = Phi(x) + x phi(x): one saved input instead of the chain of
 * intermediates autodiff through erf would keep.
 */
export const tfjsGelu = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([x]);
  return {
    value: tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT1_2))))),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.tidy(() => {
        const sx = saved[0] as tf.Tensor;
        const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(sx, SQRT1_2))));
        const pdf = tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(tf.square(sx), -0.5)));
        return tf.mul(dy, tf.add(cdf, tf.mul(sx, pdf)));
      }),
  };
}) as (x: tf.Tensor) => tf.Tensor;
