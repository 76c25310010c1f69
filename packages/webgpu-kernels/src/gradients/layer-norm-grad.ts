import type { GradConfig, Tensor } from '@spectromix/tensor';
import { LAYER_NORM } from '../names.js';
import { columnSum, layerNormGradGamma, layerNormGradX } from '../ops/grad-ops.js';

/** Gradient of `spectromix.LayerNorm`: fused dx and dgamma kernels on WebGPU, tfjs ops elsewhere. */
export const layerNormGradConfig: GradConfig = {
  kernelName: LAYER_NORM,
  inputsToSave: ['x', 'gamma'],
  gradFunc: (dy, saved, attrs) => {
    const [x, gamma] = saved as [Tensor, Tensor];
    const g = dy as Tensor;
    const epsilon = Number(attrs['epsilon']);
    return {
      x: () => layerNormGradX(g, x, gamma, epsilon),
      gamma: () => layerNormGradGamma(g, x, epsilon),
      beta: () => columnSum(g),
    };
  },
};
