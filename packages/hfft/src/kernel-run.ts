import * as tf from '@spectromix/tensor';
import type { HfftKernelAttrs, HfftKernelName } from './kernel-names.js';
import { resolveKernelPath } from './select.js';
import type { FftNorm } from './types.js';

/**
 * Runs one of the package's kernels on the active backend with the path the selection rule (or a forced path)
 * gives for length `n`. Inputs must already have the transform on their last axis at the kernel's length, and
 * the kernels must be registered for the active backend (ops make sure; gradients run after their op did).
 * @param adjoint see {@link HfftKernelAttrs.adjoint}.
 * @returns the outputs as an array (`[re, im]` or `[x]`).
 */
export function runKernelOnActiveBackend(kernel: HfftKernelName, inputs: tf.NamedTensorMap, n: number, norm: FftNorm, adjoint = false): tf.Tensor[] {
  const attrs: HfftKernelAttrs = { n, norm, path: resolveKernelPath(tf.getBackend(), n), adjoint };
  const out = tf.engine().runKernel(kernel, inputs, attrs);
  return Array.isArray(out) ? out : [out];
}
