/**
 * Pure tfjs-ops versions of every op: what runs on cpu, wasm and any backend without the WebGPU kernels,
 * differentiated by tfjs's own gradients, and the reference the kernels are tested against.
 */
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import type { BiasAxis } from '../matmul/matmul-types.js';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** `0.5 x (1 + erf(x / sqrt 2))`. */
export function geluComposite(x: Tensor): Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, SQRT1_2)), 1)));
}

/** `gelu'(x) = 0.5 (1 + erf(x / sqrt 2)) + x exp(-x^2 / 2) / sqrt(2 pi)`. */
export function geluGradComposite(x: Tensor): Tensor {
  return tf.tidy(() => tf.add(tf.mul(tf.add(tf.erf(tf.mul(x, SQRT1_2)), 1), 0.5), tf.mul(tf.mul(x, tf.exp(tf.mul(tf.square(x), -0.5))), INV_SQRT_2PI)));
}

/** Mean and `1 / sqrt(var + eps)` over the last axis, keeping dims. */
function moments(x: Tensor, epsilon: number): { centered: Tensor; rstd: Tensor } {
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), epsilon));
  return { centered, rstd };
}

/** LayerNorm over the last axis: `(x - mean) / sqrt(var + eps) * gamma + beta` (biased variance, like torch). */
export function layerNormComposite(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
  return tf.tidy(() => {
    const { centered, rstd } = moments(x, epsilon);
    return tf.add(tf.mul(tf.mul(centered, rstd), gamma), beta);
  });
}

/** Gradient of LayerNorm with respect to x: `rstd (g - mean(g) - xhat mean(g xhat))`, `g = dy gamma`. */
export function layerNormGradXComposite(dy: Tensor, x: Tensor, gamma: Tensor, epsilon: number): Tensor {
  return tf.tidy(() => {
    const { centered, rstd } = moments(x, epsilon);
    const xhat = tf.mul(centered, rstd);
    const g = tf.mul(dy, gamma);
    const inner = tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(xhat, tf.mean(tf.mul(g, xhat), -1, true)));
    return tf.mul(rstd, inner);
  });
}

/** Sum over every axis but the last: `[..., C] -> [C]`. */
export function columnSumComposite(x: Tensor): Tensor {
  const c = x.shape[x.shape.length - 1] ?? 1;
  return tf.tidy(() => tf.sum(tf.reshape(x, [-1, c]), 0));
}

/** Gradient of LayerNorm with respect to gamma: column sums of `dy * xhat`. */
export function layerNormGradGammaComposite(dy: Tensor, x: Tensor, epsilon: number): Tensor {
  return tf.tidy(() => {
    const { centered, rstd } = moments(x, epsilon);
    return columnSumComposite(tf.mul(dy, tf.mul(centered, rstd)));
  });
}

/** `gelu(x + bias)`, bias broadcast along the last axis (or no bias). */
export function biasGeluComposite(x: Tensor, bias?: Tensor): Tensor {
  return tf.tidy(() => geluComposite(bias == null ? x : tf.add(x, bias)));
}

/** `dy * gelu'(x + bias)`. */
export function biasGeluGradComposite(dy: Tensor, x: Tensor, bias?: Tensor): Tensor {
  return tf.tidy(() => tf.mul(dy, geluGradComposite(bias == null ? x : tf.add(x, bias))));
}

/** torch.roll along one axis: `out[i] = in[(i - k) mod n]`. */
export function rollComposite(x: Tensor, k: number, axis: number): Tensor {
  const n = x.shape[axis] ?? 1;
  const s = ((k % n) + n) % n;
  if (s === 0) return tf.clone(x);
  return tf.tidy(() => {
    const begin = x.shape.map(() => 0);
    const tail = tf.slice(x, begin.map((b, i) => (i === axis ? n - s : b)), x.shape.map((d, i) => (i === axis ? s : d)));
    const head = tf.slice(x, begin, x.shape.map((d, i) => (i === axis ? n - s : d)));
    return tf.concat([tail, head], axis);
  });
}

/** Rolls channel group g of `[B, F, T, D]` by `shiftF[g]` along F and `shiftT[g]` along T (slices and concats). */
export function rollGroupsComposite(x: Tensor, groups: number, shiftF: readonly number[], shiftT: readonly number[]): Tensor {
  return tf.tidy(() => {
    const parts = tf.split(x, groups, 3);
    const rolled = parts.map((p, g) => {
      const f = shiftF[g] ?? 0;
      const t = shiftT[g] ?? 0;
      if (f === 0 && t === 0) return p;
      return rollComposite(rollComposite(p, f, 1), t, 2);
    });
    return tf.concat(rolled, 3);
  });
}

/** Batched matmul whose batch-1 operand is broadcast explicitly, so tfjs's gradients reduce it correctly. */
export function batchMatMulComposite(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean, outShape: number[]): Tensor {
  return tf.tidy(() => {
    const batch = outShape.slice(0, -2).reduce((x, y) => x * y, 1);
    const to3 = (t: Tensor) => {
      const r = t.shape.length;
      const t3 = tf.reshape(t, [-1, t.shape[r - 2] ?? 1, t.shape[r - 1] ?? 1]);
      return t3.shape[0] === batch ? t3 : tf.broadcastTo(t3, [batch, t3.shape[1] ?? 1, t3.shape[2] ?? 1]);
    };
    return tf.reshape(tf.matMul(to3(a), to3(b), transposeA, transposeB), outShape);
  });
}

/** `act(op(a) @ op(b) + bias) + residual` in tfjs ops. */
export function linearComposite(
  a: Tensor,
  b: Tensor,
  o: { transposeA: boolean; transposeB: boolean; bias?: Tensor | undefined; biasAxis: BiasAxis; gelu: boolean; residual?: Tensor | undefined },
  outShape: number[],
): Tensor {
  return tf.tidy(() => {
    let y = batchMatMulComposite(a, b, o.transposeA, o.transposeB, outShape);
    if (o.bias != null) y = tf.add(y, o.biasAxis === 'column' ? o.bias : tf.reshape(o.bias, [-1, 1]));
    if (o.gelu) y = geluComposite(y);
    if (o.residual != null) y = tf.add(y, o.residual);
    return y;
  });
}
