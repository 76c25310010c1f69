import type { FftNorm } from './types.js';
import type { KernelPath } from './select.js';

/** Kernel name of `rfft` (real input of length `n` along the last axis to `n/2+1` complex bins). */
export const RFFT = 'spectromix.Rfft';
/** Kernel name of `irfft` (`n/2+1` complex bins along the last axis to a real signal of length `n`). */
export const IRFFT = 'spectromix.Irfft';
/** Kernel name of `hfft` (`n/2+1` Hermitian half-spectrum bins to a real signal of length `n`). */
export const HFFT = 'spectromix.Hfft';
/** Kernel name of `ihfft` (real input of length `n` to `n/2+1` bins, the inverse of `hfft`). */
export const IHFFT = 'spectromix.Ihfft';
/** Kernel name of the complex forward `fft`. */
export const FFT = 'spectromix.Fft';
/** Kernel name of the complex inverse `ifft`. */
export const IFFT = 'spectromix.Ifft';

/** Every kernel this package registers. */
export const HFFT_KERNEL_NAMES = [RFFT, IRFFT, HFFT, IHFFT, FFT, IFFT] as const;

/** One of the package's kernel names. */
export type HfftKernelName = (typeof HFFT_KERNEL_NAMES)[number];

/**
 * Attributes of every kernel. The kernel transforms along the last axis of its inputs, which the op has already
 * cropped or zero-padded to the length the transform needs (`n` samples, or `floor(n/2)+1` bins).
 */
export type HfftKernelAttrs = {
  /** Signal length of the transform. */
  n: number;
  /** Normalisation mode. */
  norm: FftNorm;
  /** Which implementation runs (see `selectKernelPath`). */
  path: KernelPath;
  /**
   * Run the adjoint weighting of the one-sided spectrum (what gradients need; ops pass false): c2r kernels weigh
   * every bin by 1 instead of its Hermitian weight (2 for interior bins), r2c kernels multiply bin k by its
   * Hermitian weight. Ignored by c2c kernels.
   */
  adjoint: boolean;
};

/** How each kernel maps to a transform family: real-to-complex, complex-to-real or complex-to-complex. */
export type TransformFamily = 'r2c' | 'c2r' | 'c2c';

/** The family of a kernel and whether it runs in the inverse direction (`e^{+i...}`, inverse scaling). */
export interface TransformKind {
  /** Real-to-complex, complex-to-real or complex-to-complex. */
  readonly family: TransformFamily;
  /** `true` for the `e^{+2 pi i jk/n}` direction (irfft, ihfft, ifft). */
  readonly inverse: boolean;
}

/** The family and direction of each kernel. */
export const TRANSFORM_KINDS: Readonly<Record<HfftKernelName, TransformKind>> = {
  [RFFT]: { family: 'r2c', inverse: false },
  [IHFFT]: { family: 'r2c', inverse: true },
  [IRFFT]: { family: 'c2r', inverse: true },
  [HFFT]: { family: 'c2r', inverse: false },
  [FFT]: { family: 'c2c', inverse: false },
  [IFFT]: { family: 'c2c', inverse: true },
};
