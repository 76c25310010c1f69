import * as tf from '@spectromix/tensor';
import type { GradConfig, Tensor } from '@spectromix/tensor';
import { LAYER_NORM, LAYER_NORM_SKIP } from '../names.js';
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

/**
 * Gradient of `spectromix.LayerNormSkip` (outputs: the norm, and x for the skip path): dx is the LayerNorm
 * backward plus the skip's gradient in one pass. Either output may have no gradient (null).
 */
export const layerNormSkipGradConfig: GradConfig = {
  kernelName: LAYER_NORM_SKIP,
  inputsToSave: ['x', 'gamma'],
  gradFunc: (dys, saved, attrs) => {
    const [x, gamma] = saved as [Tensor, Tensor];
    const [g, skip] = dys as [Tensor | null, Tensor | null];
    const epsilon = Number(attrs['epsilon']);
    if (g == null) {
      return { x: () => (skip == null ? tf.zerosLike(x) : tf.clone(skip)), gamma: () => tf.zerosLike(gamma), beta: () => tf.zerosLike(gamma) };
    }
    return {
      x: () => layerNormGradX(g, x, gamma, epsilon, skip ?? undefined),
      gamma: () => layerNormGradGamma(g, x, epsilon),
      beta: () => columnSum(g),
    };
  },
};
