import type * as tf from '@spectromix/tensor';
import { IRFFT, RFFT, type HfftKernelAttrs } from '../kernel-names.js';
import { dualNorm } from '../norm.js';
import { runKernelOnActiveBackend } from '../kernel-run.js';
import { weighBins } from './hermitian-weights.js';

/**
 * Adjoint of `x_j = s * sum_k c_k Re(X_k e^{+2 pi i jk/n})` (irfft, `c_k` the Hermitian weights):
 * `dX_k = c_k * s * sum_j dx_j e^{-2 pi i jk/n}`, an rfft (scale `s`, the dual norm) weighted by `c_k`. The
 * imaginary parts of the DC and Nyquist bins, which irfft ignores, get exactly zero.
 */
export const irfftGradConfig: tf.GradConfig = {
  kernelName: IRFFT,
  gradFunc: (dy, _saved, attrs) => {
    const { n, norm } = attrs as unknown as HfftKernelAttrs;
    // One transform yields both gradients; it runs inside the engine's backward scope, which frees it.
    const [dRe, dIm] = runKernelOnActiveBackend(RFFT, { x: dy as tf.Tensor }, n, dualNorm(norm)).map((t) => weighBins(t, n, false)) as [tf.Tensor, tf.Tensor];
    return { re: () => dRe, im: () => dIm };
  },
};
