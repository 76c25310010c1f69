import * as tf from '@spectromix/tensor';
import { halfLength, hermitianWeight } from '../norm.js';

/**
 * Multiplies the last axis (`floor(n/2)+1` one-sided bins) of `t` by the Hermitian weights `c_k` (1 for DC and
 * Nyquist, 2 otherwise), or by their reciprocals when `reciprocal` is set.
 */
export function weighBins(t: tf.Tensor, n: number, reciprocal: boolean): tf.Tensor {
  const h = halfLength(n);
  const w = new Float32Array(h);
  for (let k = 0; k < h; k++) w[k] = reciprocal ? 1 / hermitianWeight(k, n) : hermitianWeight(k, n);
  return tf.mul(t, tf.tensor1d(w));
}
