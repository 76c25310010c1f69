import type * as tf from '@spectromix/tensor';
import { FFT, IFFT, type HfftKernelAttrs, type HfftKernelName } from '../kernel-names.js';
import { dualNorm } from '../norm.js';
import { runKernelOnActiveBackend } from '../kernel-run.js';

/** The adjoint of a complex transform of scale `s` is the opposite-direction transform of scale `s`. */
function adjointGrad(kernelName: HfftKernelName, adjoint: HfftKernelName): tf.GradConfig {
  return {
    kernelName,
    gradFunc: (dy, _saved, attrs) => {
      const [dRe, dIm] = dy as tf.Tensor[];
      const { n, norm } = attrs as unknown as HfftKernelAttrs;
      // One transform yields both gradients; it runs inside the engine's backward scope, which frees it.
      const [gRe, gIm] = runKernelOnActiveBackend(adjoint, { re: dRe as tf.Tensor, im: dIm as tf.Tensor }, n, dualNorm(norm)) as [tf.Tensor, tf.Tensor];
      return { re: () => gRe, im: () => gIm };
    },
  };
}

/** Gradient of `fft` (scale `s`, `e^{-i...}`): `ifft` of the output gradient with the same scale (dual norm). */
export const fftGradConfig: tf.GradConfig = adjointGrad(FFT, IFFT);

/** Gradient of `ifft` (scale `s`, `e^{+i...}`): `fft` of the output gradient with the same scale (dual norm). */
export const ifftGradConfig: tf.GradConfig = adjointGrad(IFFT, FFT);
