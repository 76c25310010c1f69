import * as tf from '@spectromix/tensor';
import { hfft, irfft } from '@spectromix/hfft';
import type { LinearEpilogue, MixerOps } from './mixer-ops.js';
import { tfjsMatMulKernels } from './tfjs-matmul.js';
import { tfjsGelu } from './tfjs-gelu.js';

// x[:, source] with the gradient dy[:, inverse] (a permutation's transpose is its inverse); tfjs's own GatherV2
// gradient is an UnsortedSegmentSum, which tfjs-wasm lacks.
const permute = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, source, inverse] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
  return {
    value: tf.gather(x, source, 1),
    gradFunc: (dy: tf.Tensor) => [tf.gather(dy, inverse, 1), tf.zerosLike(source), tf.zerosLike(inverse)],
  };
}) as (x: tf.Tensor2D, source: tf.Tensor1D, inverse: tf.Tensor1D) => tf.Tensor2D;

function layerNorm(x: tf.Tensor, weight: tf.Tensor1D, bias: tf.Tensor1D, eps: number): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normed, weight), bias);
  });
}

function epilogue<T extends tf.Tensor>(y: T, e: LinearEpilogue): T {
  const activated = e.activation === 'gelu' ? (tfjsGelu(y) as T) : y;
  return e.residual == null ? activated : (tf.add(e.residual, activated) as T);
}

/**
 * The Mixer ops as compositions of tfjs-core ops (the reference path): fused matMul with bias, exact GELU with
 * a one-input gradient, LayerNorm from moments, Roll-Time as one precomputed gather (also before a rolled linear
 * layer: the roll, then the product), Hermit mixing through
 * `@spectromix/hfft`'s transforms (`torch.fft` semantics). Epilogues are separate
 * ops. `plainMatMul` materialises transposes instead of passing transpose flags and transposes activations
 * around token mixing (see {@link tfjsMatMulKernels}).
 */
function makeTfjsOps(name: string, plainMatMul: boolean): MixerOps {
  const kernels = tfjsMatMulKernels(plainMatMul);
  const linear: MixerOps['linear'] = (x, weight, bias, e = {}) =>
    tf.tidy(() => epilogue(bias == null ? kernels.linearNoBias(x, weight) : kernels.linearBias(x, weight, bias), e));
  const rollTime: MixerOps['rollTime'] = (x, plan) =>
    tf.tidy(() => {
      const [, n, d] = x.shape;
      const { source, inverse } = plan.permutation();
      return tf.reshape(permute(tf.reshape(x, [-1, n * d]) as tf.Tensor2D, source, inverse), [-1, n, d]);
    });
  return {
    name,
    tokenwise: !plainMatMul,
    precomputesRollIndex: true,
    linear,
    rolledLinear: (x, weight, bias, plan, e = {}) =>
      tf.tidy(() => {
        const d = x.shape[1];
        const tokens = rollTime(tf.reshape(x, [-1, plan.grid.freq * plan.grid.time, d]), plan);
        return linear(tf.reshape(tokens, [-1, d]), weight, bias, e);
      }),
    linearTokens: (x, weight, bias, e = {}) =>
      tf.tidy(() => {
        const wx = kernels.tokenwiseMatMul(weight, x);
        // A [out, 1] bias cannot go into the fused kernel (wasm takes rank-1 biases only); a broadcast add can.
        return epilogue(bias == null ? wx : tf.add(wx, tf.reshape(bias, [bias.size, 1])), e);
      }),
    layerNorm,
    layerNormWithSkip: (x, weight, bias, eps) => [layerNorm(x, weight, bias, eps), x],
    gelu: (x) => tfjsGelu(x),
    rollTime,
    hermitMix: (x, filter, plan, residual) =>
      tf.tidy(() => {
        const [, n, d] = x.shape;
        const t = plan.grid.time;
        const opts = { n: plan.fftLength, axis: 2, norm: 'ortho' } as const;
        const z = tf.reshape(x, [-1, plan.grid.freq, t, d]);
        const spectrum = tf.slice(hfft(z, null, opts), [0, 0, 0, 0], [-1, -1, t, -1]);
        const y = tf.slice(irfft(tf.mul(spectrum, filter), null, opts), [0, 0, 0, 0], [-1, -1, t, -1]);
        const out: tf.Tensor3D = tf.reshape(y, [-1, n, d]);
        return residual == null ? out : (tf.add(residual, out) as tf.Tensor3D);
      }),
  };
}

/** The reference ops with tfjs's matMul transpose flags and token mixing along axis -2 (cpu, stock webgpu). */
export const tfjsOps: MixerOps = makeTfjsOps('tfjs', false);

/**
 * The reference ops with plain 2-D matMuls on materialised transposes and token mixing through transposed
 * activations: tfjs-wasm, whose matMul is up to 35x slower with transpose flags or broadcast batches.
 */
export const plainMatMulOps: MixerOps = makeTfjsOps('tfjs-plain-matmul', true);
