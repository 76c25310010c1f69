/**
 * @spectromix/hfft: differentiable FFTs for tfjs with `torch.fft` semantics. Complex values travel as `(re, im)`
 * pairs of float32 tensors, so every backend (wasm included) and every gradient stays real. Kernels are
 * registered lazily on first use under namespaced names (`spectromix.Rfft`, ...), never tfjs's `FFT`.
 * @example
 * ```ts
 * import * as tf from '@spectromix/tensor';
 * import { rfft, irfft } from '@spectromix/hfft';
 * const x = tf.tensor2d([[1, 2, 3, 4]]);
 * const { re, im } = rfft(x);
 * const back = irfft(re, im, { n: 4 });   // [[1, 2, 3, 4]]
 * ```
 * @packageDocumentation
 */
export { rfft } from './ops/rfft.js';
export { irfft } from './ops/irfft.js';
export { hfft } from './ops/hfft.js';
export { ihfft } from './ops/ihfft.js';
export { fft } from './ops/fft.js';
export { ifft } from './ops/ifft.js';
export type { FftNorm, FftOptions, ComplexPair } from './types.js';
export { FFT_NORMS } from './types.js';
export { HfftError, HfftDtypeError, HfftShapeError, HfftAxisError, HfftLengthError, HfftKernelPathError } from './errors.js';
export { RFFT, IRFFT, HFFT, IHFFT, FFT, IFFT, HFFT_KERNEL_NAMES, type HfftKernelName, type HfftKernelAttrs } from './kernel-names.js';
export { registerHfftKernels, ensureHfftKernels } from './register.js';
export {
  selectKernelPath,
  supportedKernelPaths,
  forceKernelPath,
  forcedKernelPath,
  KERNEL_PATHS,
  GENERIC_MATMUL_MAX_N,
  type KernelPath,
} from './select.js';
export { clearHfftCache, hfftCacheSize } from './kernels/device-cache.js';
