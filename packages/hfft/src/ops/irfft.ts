import type * as tf from '@spectromix/tensor';
import { IRFFT } from '../kernel-names.js';
import type { FftOptions } from '../types.js';
import { runTransform } from './transform.js';

/**
 * Inverse of {@link rfft}, as `torch.fft.irfft(re + i*im, n, dim=axis, norm)`: the real signal of length `n`
 * whose one-sided spectrum is the input, `x_j = s * sum_k c_k Re(X_k e^{+2 pi i jk/n})` with `c_k = 1` for the DC
 * and (even `n`) Nyquist bins and 2 otherwise; the imaginary parts of those two bins are ignored. Differentiable.
 * @param re real part of the one-sided spectrum (float32).
 * @param im imaginary part, same shape as `re`, or null for a real spectrum.
 * @param options `n` (default `2 * (m - 1)` for `m` bins along `axis`; the input is cropped or zero-padded to
 * `floor(n/2)+1` bins), `axis` (default -1), `norm` (default `'backward'`: `s = 1/n`).
 * @returns the real signal, `n` samples along `axis`.
 * @example
 * ```ts
 * const x = irfft(tf.tensor1d([10, -2, -2]), tf.tensor1d([0, 2, 0]));   // [1, 2, 3, 4]
 * ```
 */
export function irfft(re: tf.Tensor, im: tf.Tensor | null, options?: FftOptions): tf.Tensor {
  return runTransform('irfft', IRFFT, re, im, options)[0] as tf.Tensor;
}
