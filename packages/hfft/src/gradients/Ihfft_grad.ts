import type * as tf from '@spectromix/tensor';
import { HFFT, IHFFT, type HfftKernelAttrs } from '../kernel-names.js';
import { dualNorm } from '../norm.js';
import { runKernelOnActiveBackend } from '../kernel-run.js';
import { weighBins } from './hermitian-weights.js';

/**
 * Adjoint of `y = s * sum_j x_j e^{+2 pi i jk/n}` (ihfft): `dx = s * Re(sum_k dy_k e^{-2 pi i jk/n})`, an hfft
 * (scale `s`, the dual norm) of `dy` with interior bins halved.
 */
export const ihfftGradConfig: tf.GradConfig = {
  kernelName: IHFFT,
  gradFunc: (dy, _saved, attrs) => {
    const [dRe, dIm] = dy as tf.Tensor[];
    const { n, norm } = attrs as unknown as HfftKernelAttrs;
    return {
      x: () => runKernelOnActiveBackend(HFFT, { re: weighBins(dRe as tf.Tensor, n, true), im: weighBins(dIm as tf.Tensor, n, true) }, n, dualNorm(norm))[0] as tf.Tensor,
    };
  },
};
