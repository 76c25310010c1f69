import type * as tf from '@spectromix/tensor';
import { IHFFT } from '../kernel-names.js';
import type { ComplexPair, FftOptions } from '../types.js';
import { runTransform } from './transform.js';

/**
 * Inverse of {@link hfft}, as `torch.fft.ihfft(x, n, dim=axis, norm)`: the one-sided half of the inverse FFT of a
 * real signal, `X_k = s * sum_j x_j e^{+2 pi i jk/n}` for `k = 0 .. floor(n/2)`, i.e. `conj(rfft(x)) / n` under
 * the default norm. Differentiable.
 * @param x float32 signal; `x.shape[axis]` is cropped or zero-padded to `n`.
 * @param options `n` (default `x.shape[axis]`), `axis` (default -1), `norm` (default `'backward'`: `s = 1/n`).
 * @returns `floor(n/2)+1` bins along `axis`.
 */
export function ihfft(x: tf.Tensor, options?: FftOptions): ComplexPair {
  const [re, im] = runTransform('ihfft', IHFFT, x, null, options) as [tf.Tensor, tf.Tensor];
  return { re, im };
}
