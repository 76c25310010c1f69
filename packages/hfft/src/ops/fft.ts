import type * as tf from '@spectromix/tensor';
import { FFT } from '../kernel-names.js';
import type { ComplexPair, FftOptions } from '../types.js';
import { runTransform } from './transform.js';

/**
 * Complex FFT, as `torch.fft.fft(re + i*im, n, dim=axis, norm)`: `X_k = s * sum_j z_j e^{-2 pi i jk/n}`.
 * Differentiable.
 * @param re real part (float32).
 * @param im imaginary part, same shape as `re`, or null for a real input.
 * @param options `n` (default the input length; the input is cropped or zero-padded to `n`), `axis` (default -1),
 * `norm` (default `'backward'`: `s = 1`).
 * @returns the spectrum, `n` bins along `axis`.
 */
export function fft(re: tf.Tensor, im: tf.Tensor | null, options?: FftOptions): ComplexPair {
  const [outRe, outIm] = runTransform('fft', FFT, re, im, options) as [tf.Tensor, tf.Tensor];
  return { re: outRe, im: outIm };
}
