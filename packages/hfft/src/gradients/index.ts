import type * as tf from '@spectromix/tensor';
import { rfftGradConfig } from './Rfft_grad.js';
import { irfftGradConfig } from './Irfft_grad.js';
import { hfftGradConfig } from './Hfft_grad.js';
import { ihfftGradConfig } from './Ihfft_grad.js';
import { fftGradConfig, ifftGradConfig } from './Fft_grad.js';

/** The gradient of every kernel, registered once by `registerHfftKernels`. */
export const HFFT_GRAD_CONFIGS: readonly tf.GradConfig[] = [rfftGradConfig, irfftGradConfig, hfftGradConfig, ihfftGradConfig, fftGradConfig, ifftGradConfig];
