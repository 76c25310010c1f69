import type * as tf from '@spectromix/tensor';
import { FFT, HFFT, IFFT, IHFFT, IRFFT, RFFT } from '../kernel-names.js';
import { adjointGradConfig } from './adjoint.js';

/** The gradient of every kernel (see `adjointGradConfig`), registered once by `registerHfftKernels`. */
export const HFFT_GRAD_CONFIGS: readonly tf.GradConfig[] = [
  // rfft (r2c, e^{-i}) <-> irfft (c2r, e^{+i}); ihfft (r2c, e^{+i}) <-> hfft (c2r, e^{-i}); fft <-> ifft.
  adjointGradConfig(RFFT, IRFFT, ['x']),
  adjointGradConfig(IRFFT, RFFT, ['re', 'im']),
  adjointGradConfig(IHFFT, HFFT, ['x']),
  adjointGradConfig(HFFT, IHFFT, ['re', 'im']),
  adjointGradConfig(FFT, IFFT, ['re', 'im']),
  adjointGradConfig(IFFT, FFT, ['re', 'im']),
];
