import * as tf from '@spectromix/tensor';

type Inputs = (tf.Tensor | tf.GradSaveFunc)[];

function swapLastTwo(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/** The matMul-based kernels of the tfjs reference ops, with hand-written gradients. */
export interface TfjsMatMulKernels {
  /** `x W + b` for `x` `[M, in]`, `W` `[in, out]`, `b` `[out]`. */
  readonly linearBias: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;
  /** `x W` for `x` `[M, in]`, `W` `[in, out]`. */
  readonly linearNoBias: (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;
  /** `W^T x[b]` for every batch item, `W` `[in, out]`, `x` `[B, in, C]` -> `[B, out, C]`. */
  readonly tokenwiseMatMul: (w: tf.Tensor2D, x: tf.Tensor3D) => tf.Tensor3D;
}

/**
 * Builds the kernels. With `plainMatMul` every transposed operand is materialised before a plain 2-D matMul:
 * tfjs-wasm's BatchMatMul leaves XNNPACK's fast path with transpose flags or a broadcast batch, 4-35x slower
 * than materialised transposes (48x768x3072: transposeA 1.4 s vs 41 ms; token mixing of [8, 144, 128]: 32 ms
 * broadcast vs 4.6 ms through transposes). Without it the flags go to tfjs (cpu and stock webgpu handle them
 * natively). The token map's weight gradient is written out, `dW = sum_b x[b] dy[b]^T`, because tfjs's
 * BatchMatMul gradient does not reduce over a broadcast batch axis.
 */
export function tfjsMatMulKernels(plainMatMul: boolean): TfjsMatMulKernels {
  const matMulT = (a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor => {
    if ((transposeA || transposeB) && plainMatMul) {
      return tf.tidy(() => tf.matMul(transposeA ? swapLastTwo(a) : a, transposeB ? swapLastTwo(b) : b));
    }
    return tf.matMul(a, b, transposeA, transposeB);
  };

  const linearBias = tf.customGrad((...args: Inputs) => {
    const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.fused.matMul({ a: x, b: w, bias: b }),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [matMulT(dy, sw, false, true), matMulT(sx, dy, true, false), tf.sum(dy, 0)];
      },
    };
  }) as TfjsMatMulKernels['linearBias'];

  const linearNoBias = tf.customGrad((...args: Inputs) => {
    const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.matMul(x, w),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [matMulT(dy, sw, false, true), matMulT(sx, dy, true, false)];
      },
    };
  }) as TfjsMatMulKernels['linearNoBias'];

  const tokenwiseMatMul = tf.customGrad((...args: Inputs) => {
    const [w, x, save] = args as [tf.Tensor2D, tf.Tensor3D, tf.GradSaveFunc];
    save([w, x]);
    return {
      value: matMulT(w, x, true, false) as tf.Tensor3D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sw, sx] = saved as [tf.Tensor2D, tf.Tensor3D];
        return [tf.sum(matMulT(sx, dy, false, true), 0), tf.matMul(sw, dy as tf.Tensor3D)];
      },
    };
  }) as TfjsMatMulKernels['tokenwiseMatMul'];

  return { linearBias, linearNoBias, tokenwiseMatMul };
}
