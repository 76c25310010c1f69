import type { FftNorm } from './types.js';

/**
 * The factor a transform of length `n` is multiplied by. Forward-direction transforms (rfft, hfft, fft) are
 * unscaled under `'backward'`, inverse-direction ones (irfft, ihfft, ifft) are divided by `n`; `'forward'`
 * swaps the two and `'ortho'` uses `1/sqrt(n)` for both.
 */
export function normScale(norm: FftNorm, n: number, inverse: boolean): number {
  if (norm === 'ortho') return 1 / Math.sqrt(n);
  const divides = inverse ? norm === 'backward' : norm === 'forward';
  return divides ? 1 / n : 1;
}

/** The mode whose inverse-direction scale equals this mode's forward one (backward <-> forward). */
export function dualNorm(norm: FftNorm): FftNorm {
  if (norm === 'backward') return 'forward';
  if (norm === 'forward') return 'backward';
  return 'ortho';
}

/** Number of one-sided bins of a real signal of length `n`: `floor(n/2) + 1`. */
export function halfLength(n: number): number {
  return Math.floor(n / 2) + 1;
}

/**
 * Hermitian weight of bin `k` of a one-sided spectrum of a length-`n` signal: 1 for the DC bin and (for even
 * `n`) the Nyquist bin, 2 for every other bin, which stands for itself and its mirror image.
 */
export function hermitianWeight(k: number, n: number): number {
  return k === 0 || 2 * k === n ? 1 : 2;
}

/**
 * The factor bin `k` of a one-sided spectrum gets on the way in (c2r) or out (r2c) of a kernel: c2r kernels
 * weigh bins by `c_k` inside the transform, so their adjoint weighting divides it back out; r2c kernels apply
 * `c_k` only in their adjoint weighting. 1 whenever `adjoint` is false.
 */
export function binWeight(family: 'r2c' | 'c2r', adjoint: boolean, k: number, n: number): number {
  if (!adjoint) return 1;
  return family === 'r2c' ? hermitianWeight(k, n) : 1 / hermitianWeight(k, n);
}
