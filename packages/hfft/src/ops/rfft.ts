import type * as tf from '@spectromix/tensor';
import { RFFT } from '../kernel-names.js';
import type { ComplexPair, FftOptions } from '../types.js';
import { runTransform } from './transform.js';

/**
 * One-sided FFT of a real signal, as `torch.fft.rfft(x, n, dim=axis, norm)`: `X_k = s * sum_j x_j e^{-2 pi i jk/n}`
 * for `k = 0 .. floor(n/2)`. Differentiable.
 * @param x float32 signal; `x.shape[axis]` is cropped or zero-padded to `n`.
 * @param options `n` (default `x.shape[axis]`), `axis` (default -1), `norm` (default `'backward'`: `s = 1`).
 * @returns the spectrum, `floor(n/2)+1` bins along `axis`.
 * @example
 * ```ts
 * const { re, im } = rfft(tf.tensor1d([1, 2, 3, 4]));   // re [10, -2, -2], im [0, 2, 0]
 * ```
 */
export function rfft(x: tf.Tensor, options?: FftOptions): ComplexPair {
  const [re, im] = runTransform('rfft', RFFT, x, null, options) as [tf.Tensor, tf.Tensor];
  return { re, im };
}
