/**
 * The ops gradients are written in: each runs its WebGPU kernel when the active backend has it, and its
 * tfjs composition otherwise, so every gradient works on every backend.
 */
import * as tf from '@spectromix/tensor';
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
 * Sum over every axis but the last (`[..., C]` -> `[C]`) of `x`, or of `x * y` when `y` (same shape) is given.
 * WebGPU: one launch of the fast kernel whatever the row count (the product is never materialised), where
 * `tf.sum` over leading axes transposes the input first; elsewhere `tf.sum`. Not differentiable (a gradient helper).
 */
export function columnSum(x: Tensor, y?: Tensor): Tensor {
  if (hasKernel(names.COLUMN_SUM)) return runKernel(names.COLUMN_SUM, { x, y });
  if (y == null) return columnSumComposite(x);
  return tf.tidy(() => columnSumComposite(tf.mul(x, y)));
}

/**
 * `sum_i op(a[i]) @ op(b[i])` over the batch of two `[batch, ., .]` operands (`-> [M, N]`): the weight gradient of a
 * map shared by every item. WebGPU: one product whose K runs over every item (no `[batch, M, N]` slab is written);
 * elsewhere a batched matMul and a sum. Not differentiable (a gradient helper).
 */
export function matMulSumBatch(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  if (hasKernel(names.MATMUL_SUM_BATCH)) return runKernel(names.MATMUL_SUM_BATCH, { a, b }, { transposeA, transposeB });
  return tf.tidy(() => tf.sum(tf.matMul(a, b, transposeA, transposeB), 0));
}

/** Sums of `[..., M, C]` over every axis but M (`-> [M]`): the gradient of a per-row bias. One launch on WebGPU. */
export function rowSum(x: Tensor): Tensor {
  if (hasKernel(names.ROW_SUM)) return runKernel(names.ROW_SUM, { x });
  const r = x.shape.length;
  return tf.tidy(() => tf.sum(tf.reshape(x, [-1, x.shape[r - 2] ?? 1, x.shape[r - 1] ?? 1]), [0, 2]));
}

/** LayerNorm's gradient with respect to its input, plus `addend` (a gradient arriving by a skip path) when given. */
export function layerNormGradX(dy: Tensor, x: Tensor, gamma: Tensor, epsilon: number, addend?: Tensor): Tensor {
  if (hasKernel(names.LAYER_NORM_GRAD)) return runKernel(names.LAYER_NORM_GRAD, { dy, x, gamma, addend }, { epsilon });
  if (addend == null) return layerNormGradXComposite(dy, x, gamma, epsilon);
  return tf.tidy(() => tf.add(layerNormGradXComposite(dy, x, gamma, epsilon), addend));
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
