import type { Tensor } from '@spectromix/tensor';

/**
 * Normalisation mode, as in `torch.fft` / `numpy.fft`. `'backward'` (the default) leaves the forward transform
 * unscaled and divides the inverse by `n`; `'ortho'` scales both by `1/sqrt(n)`; `'forward'` divides the forward
 * transform by `n` and leaves the inverse unscaled. `hfft` counts as a forward transform and `ihfft` as an
 * inverse one, exactly as in torch.
 */
export type FftNorm = 'backward' | 'ortho' | 'forward';

/** Options shared by every transform. */
export interface FftOptions {
  /**
   * Signal length of the transform. The input is zero-padded or cropped along `axis` to the length the
   * transform needs: `n` for `rfft`/`ihfft`/`fft`/`ifft`, `floor(n/2) + 1` bins for `irfft`/`hfft`.
   * Default: the input length (for `irfft`/`hfft`: `2 * (m - 1)` for an input of `m` bins).
   */
  n?: number;
  /** Axis to transform; negative values count from the end. Default `-1`. */
  axis?: number;
  /** Normalisation mode. Default `'backward'`. */
  norm?: FftNorm;
}

/** A complex tensor carried as two float32 tensors of the same shape. */
export interface ComplexPair {
  /** Real part. */
  re: Tensor;
  /** Imaginary part. */
  im: Tensor;
}

/** The normalisation modes, for validation and iteration. */
export const FFT_NORMS: readonly FftNorm[] = ['backward', 'ortho', 'forward'];
