import * as tf from '@spectromix/tensor';

// tfjs-wasm's BatchMatMul leaves XNNPACK's fast path with transpose flags or a broadcast batch: 4-35x slower than
// materialised transposes (48x768x3072: transposeA 1.4 s vs 41 ms; token mixing of [8, 144, 128]: 32 ms broadcast
// vs 4.6 ms through transposes). cpu and webgpu handle flags and broadcasts natively.
const SLOW_GENERAL_MATMUL = new Set(['wasm']);

/** Whether the active backend wants plain 2-D matMuls on transposed copies rather than flags or broadcasts. */
export function prefersPlainMatMul(): boolean {
  return SLOW_GENERAL_MATMUL.has(tf.getBackend());
}

function swapLastTwo(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/** `tf.matMul` with transpose flags, materialising the transposes on backends where the flags are slow. */
export function matMulT(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  if ((transposeA || transposeB) && prefersPlainMatMul()) {
    return tf.tidy(() => tf.matMul(transposeA ? swapLastTwo(a) : a, transposeB ? swapLastTwo(b) : b));
  }
  return tf.matMul(a, b, transposeA, transposeB);
}

type Inputs = (tf.Tensor | tf.GradSaveFunc)[];

/** `x W + b` for `x` `[M, in]`, `W` `[in, out]`, `b` `[out]`, with gradients through {@link matMulT}. */
export const linearBias = tf.customGrad((...args: Inputs) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x, b: w, bias: b }),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [matMulT(dy, sw, false, true), matMulT(sx, dy, true, false), tf.sum(dy, 0)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/** `x W` for `x` `[M, in]`, `W` `[in, out]`, with gradients through {@link matMulT}. */
export const linearNoBias = tf.customGrad((...args: Inputs) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [matMulT(dy, sw, false, true), matMulT(sx, dy, true, false)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

/**
 * `W^T x[b]` for every batch item, `W` `[in, out]`, `x` `[B, in, C]` -> `[B, out, C]`: a linear map along axis -2
 * without transposing `x`. tfjs's BatchMatMul gradient does not reduce over a broadcast batch axis, so the
 * weight gradient is written out: `dW = sum_b x[b] dy[b]^T`.
 */
export const tokenwiseMatMul = tf.customGrad((...args: Inputs) => {
  const [w, x, save] = args as [tf.Tensor2D, tf.Tensor3D, tf.GradSaveFunc];
  save([w, x]);
  return {
    value: matMulT(w, x, true, false) as tf.Tensor3D,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sw, sx] = saved as [tf.Tensor2D, tf.Tensor3D];
      return [tf.sum(matMulT(sx, dy, false, true), 0), tf.matMul(sw, dy as tf.Tensor3D)];
    },
  };
}) as (w: tf.Tensor2D, x: tf.Tensor3D) => tf.Tensor3D;
