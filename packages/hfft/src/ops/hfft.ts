import type * as tf from '@spectromix/tensor';
import { HFFT } from '../kernel-names.js';
import type { FftOptions } from '../types.js';
import { runTransform } from './transform.js';

/**
 * FFT of a signal with Hermitian symmetry given by its one-sided half, as `torch.fft.hfft(re + i*im, n, dim=axis,
 * norm)`: the real output `x_j = s * sum_k c_k Re(X_k e^{-2 pi i jk/n})` (`c_k` = 1 for DC and, for even `n`,
 * Nyquist, 2 otherwise; the imaginary parts of those two bins are ignored), i.e. `irfft(conj(X)) * n` under the
 * default norm. For a real input of length N and `n = 2(N-1)`, `norm: 'ortho'`, the first N outputs are the
 * DCT-I of the input divided by `sqrt(n)` (ASM-RH's Hermit mixing). Differentiable.
 * @param re real part of the half spectrum (float32).
 * @param im imaginary part, same shape as `re`, or null for a real input.
 * @param options `n` (default `2 * (m - 1)` for `m` values along `axis`; the input is cropped or zero-padded to
 * `floor(n/2)+1`), `axis` (default -1), `norm` (default `'backward'`: `s = 1`).
 * @returns the real output, `n` samples along `axis`.
 */
export function hfft(re: tf.Tensor, im: tf.Tensor | null, options?: FftOptions): tf.Tensor {
  return runTransform('hfft', HFFT, re, im, options)[0] as tf.Tensor;
}
