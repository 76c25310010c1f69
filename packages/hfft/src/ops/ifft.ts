import type * as tf from '@spectromix/tensor';
import { IFFT } from '../kernel-names.js';
import type { ComplexPair, FftOptions } from '../types.js';
import { runTransform } from './transform.js';

/**
 * Inverse complex FFT, as `torch.fft.ifft(re + i*im, n, dim=axis, norm)`: `z_j = s * sum_k X_k e^{+2 pi i jk/n}`.
 * Differentiable.
 * @param re real part (float32).
 * @param im imaginary part, same shape as `re`, or null for a real input.
 * @param options `n` (default the input length; the input is cropped or zero-padded to `n`), `axis` (default -1),
 * `norm` (default `'backward'`: `s = 1/n`).
 * @returns the signal, `n` samples along `axis`.
 */
export function ifft(re: tf.Tensor, im: tf.Tensor | null, options?: FftOptions): ComplexPair {
  const [outRe, outIm] = runTransform('ifft', IFFT, re, im, options) as [tf.Tensor, tf.Tensor];
  return { re: outRe, im: outIm };
}
