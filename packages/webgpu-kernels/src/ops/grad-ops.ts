/**
 * The ops gradients are written in: each runs its WebGPU kernel when the active backend has it, and its
 * tfjs composition otherwise, so every gradient works on every backend.
 */
import type { Tensor } from '@spectromix/tensor';
import { hasKernel, runKernel } from '../dispatch.js';
import * as names from '../names.js';
import {
  biasGeluGradComposite,
  columnSumComposite,
  layerNormGradGammaComposite,
  layerNormGradXComposite,
} from '../reference/composites.js';

/**
 * Sum over every axis but the last (`[..., C]` -> `[C]`). WebGPU: column-chunk passes of the fast kernel, where
 * `tf.sum` over leading axes transposes the input first; elsewhere `tf.sum`. Not differentiable (a gradient helper).
 */
export function columnSum(x: Tensor): Tensor {
  return hasKernel(names.COLUMN_SUM) ? runKernel(names.COLUMN_SUM, { x }) : columnSumComposite(x);
}

/** LayerNorm's gradient with respect to its input. */
export function layerNormGradX(dy: Tensor, x: Tensor, gamma: Tensor, epsilon: number): Tensor {
  return hasKernel(names.LAYER_NORM_GRAD) ? runKernel(names.LAYER_NORM_GRAD, { dy, x, gamma }, { epsilon }) : layerNormGradXComposite(dy, x, gamma, epsilon);
}

/** LayerNorm's gradient with respect to gamma. */
export function layerNormGradGamma(dy: Tensor, x: Tensor, epsilon: number): Tensor {
  return hasKernel(names.LAYER_NORM_GAMMA_GRAD) ? runKernel(names.LAYER_NORM_GAMMA_GRAD, { dy, x }, { epsilon }) : layerNormGradGammaComposite(dy, x, epsilon);
}

/** `dy * gelu'(x + bias)`. */
export function biasGeluGradX(dy: Tensor, x: Tensor, bias?: Tensor): Tensor {
  return hasKernel(names.BIAS_GELU_GRAD) ? runKernel(names.BIAS_GELU_GRAD, { dy, x, bias }) : biasGeluGradComposite(dy, x, bias);
}

/** Column sums of `dy * gelu'(x + bias)`, without materialising the product on WebGPU. */
export function biasGeluGradBias(dy: Tensor, x: Tensor, bias?: Tensor): Tensor {
  if (hasKernel(names.BIAS_GELU_BIAS_GRAD)) return runKernel(names.BIAS_GELU_BIAS_GRAD, { dy, x, bias });
  const g = biasGeluGradComposite(dy, x, bias);
  const out = columnSumComposite(g);
  g.dispose();
  return out;
}
