import type * as tf from '@spectromix/tensor';
import { IRFFT, RFFT, type HfftKernelAttrs } from '../kernel-names.js';
import { dualNorm } from '../norm.js';
import { runKernelOnActiveBackend } from '../kernel-run.js';
import { weighBins } from './hermitian-weights.js';

/**
 * Adjoint of `y = s * sum_j x_j e^{-2 pi i jk/n}` (k < n/2+1): `dx = s * Re(sum_k dy_k e^{+2 pi i jk/n})`, an
 * irfft (scale `s`, i.e. the dual norm) of `dy` with interior bins halved, since irfft counts them twice.
 */
export const rfftGradConfig: tf.GradConfig = {
  kernelName: RFFT,
  gradFunc: (dy, _saved, attrs) => {
    const [dRe, dIm] = dy as tf.Tensor[];
    const { n, norm } = attrs as unknown as HfftKernelAttrs;
    return {
      x: () => runKernelOnActiveBackend(IRFFT, { re: weighBins(dRe as tf.Tensor, n, true), im: weighBins(dIm as tf.Tensor, n, true) }, n, dualNorm(norm))[0] as tf.Tensor,
    };
  },
};
