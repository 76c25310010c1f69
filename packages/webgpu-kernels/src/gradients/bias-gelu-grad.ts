import type { GradConfig, Tensor } from '@spectromix/tensor';
import { BIAS_GELU, GELU } from '../names.js';
import { biasGeluGradBias, biasGeluGradX } from '../ops/grad-ops.js';

/** Gradient of `spectromix.BiasGelu`: `dz = dy * gelu'(x + bias)`, and its column sums for the bias. */
export const biasGeluGradConfig: GradConfig = {
  kernelName: BIAS_GELU,
  inputsToSave: ['x', 'bias'],
  gradFunc: (dy, saved) => {
    const [x, bias] = saved as [Tensor, Tensor];
    const g = dy as Tensor;
    return {
      x: () => biasGeluGradX(g, x, bias),
      bias: () => biasGeluGradBias(g, x, bias),
    };
  },
};

/** Gradient of `spectromix.Gelu`: `dy * gelu'(x)`. */
export const geluGradConfig: GradConfig = {
  kernelName: GELU,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [Tensor];
    return { x: () => biasGeluGradX(dy as Tensor, x) };
  },
};
