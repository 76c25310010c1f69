import type * as tf from '@spectromix/tensor';
import type { HfftKernelAttrs, HfftKernelName } from '../kernel-names.js';
import { HfftKernelPathError } from '../errors.js';
import type { KernelPath } from '../select.js';
import type { TransformImpl, TransformInputs } from './kernel-args.js';
import { matmulTransform } from './matmul/dft-matmul.js';
import { mixedRadixTransform } from './js/js-kernels.js';
import { stockhamTransform } from './wgsl/wgsl-fft.js';
import { fourStepTransform } from './composed/four-step.js';

/** The implementations a backend runs, by path (see `supportedKernelPaths`). */
export function implementationsFor(backend: string): Partial<Record<KernelPath, TransformImpl>> {
  const common = { matmul: matmulTransform, 'four-step': fourStepTransform };
  if (backend === 'cpu' || backend === 'wasm') return { ...common, 'mixed-radix': mixedRadixTransform };
  if (backend === 'webgpu') return { ...common, stockham: stockhamTransform };
  return common;
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
