import type * as tf from '@spectromix/tensor';
import type { HfftKernelAttrs, HfftKernelName } from '../kernel-names.js';
import { HfftKernelPathError } from '../errors.js';
import { supportedKernelPaths, type KernelPath } from '../select.js';
import type { TransformImpl, TransformInputs } from './kernel-args.js';
import { matmulTransform } from './matmul/dft-matmul.js';
import { mixedRadixTransform } from './js/js-kernels.js';
import { stockhamTransform } from './wgsl/wgsl-fft.js';
import { fourStepTransform } from './composed/four-step.js';

const IMPLEMENTATIONS: Readonly<Record<KernelPath, TransformImpl>> = {
  matmul: matmulTransform,
  'mixed-radix': mixedRadixTransform,
  stockham: stockhamTransform,
  'four-step': fourStepTransform,
};

/** The implementations a backend runs, by path: those of `supportedKernelPaths(backend)` (the one table). */
export function implementationsFor(backend: string): Partial<Record<KernelPath, TransformImpl>> {
  return Object.fromEntries(supportedKernelPaths(backend).map((path) => [path, IMPLEMENTATIONS[path]]));
}

/** The `KernelConfig` of one kernel on one backend: dispatches on the `path` attribute. */
export function kernelConfigFor(kernelName: HfftKernelName, backendName: string): tf.KernelConfig {
  const impls = implementationsFor(backendName);
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as HfftKernelAttrs;
    const impl = impls[a.path];
    if (impl == null) {
      throw new HfftKernelPathError(`${kernelName}: kernel path '${a.path}' is not implemented on the '${backendName}' backend; it runs ${Object.keys(impls).join(', ')}.`);
    }
    const out = impl({ kernel: kernelName, inputs: inputs as TransformInputs, attrs: a, backend: backend as tf.KernelBackend });
    return out.length === 1 ? (out[0] as tf.TensorInfo) : out;
  };
  return { kernelName, backendName, kernelFunc };
}
