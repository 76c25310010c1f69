import type * as tf from '@spectromix/tensor';
import type { HfftKernelAttrs, HfftKernelName } from '../kernel-names.js';
import { dualNorm } from '../norm.js';
import { runKernelOnActiveBackend } from '../kernel-run.js';

/**
 * The gradient of a kernel as its adjoint kernel. With scale `s` and direction `sigma`, the adjoint of
 * - r2c (`y_k = s sum_j x_j e^{sigma i theta}`, k < n/2+1) is the c2r of direction `-sigma` with unit bin
 *   weights: `dx_j = s Re(sum_k dy_k e^{-sigma i theta})`;
 * - c2r (`x_j = s sum_k c_k Re(X_k e^{sigma i theta})`) is the r2c of direction `-sigma` times `c_k`; the
 *   imaginary parts of DC and Nyquist get exactly zero;
 * - c2c is the c2c of direction `-sigma`.
 * The scale `s` is kept by passing the dual norm, and the kernel's `adjoint` weighting flips, so gradients of
 * gradients are exact too.
 * @param kernelName the kernel differentiated.
 * @param adjointKernel the kernel of the same family pair in the opposite direction.
 * @param inputNames the differentiated kernel's inputs, in order.
 */
export function adjointGradConfig(kernelName: HfftKernelName, adjointKernel: HfftKernelName, inputNames: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    gradFunc: (dy, _saved, attrs) => {
      const { n, norm, adjoint } = attrs as unknown as HfftKernelAttrs;
      const dys = Array.isArray(dy) ? dy : [dy];
      const inputs: tf.NamedTensorMap = dys.length === 1 ? { x: dys[0] as tf.Tensor } : { re: dys[0] as tf.Tensor, im: dys[1] as tf.Tensor };
      // One transform yields every input's gradient; it runs inside the engine's backward scope, which frees it.
      const grads = runKernelOnActiveBackend(adjointKernel, inputs, n, dualNorm(norm), !adjoint);
      return Object.fromEntries(inputNames.map((name, i) => [name, () => grads[i] as tf.Tensor]));
    },
  };
}
