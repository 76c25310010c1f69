import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { describeBackends } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from './register.js';
import { adamUpdate, biasGelu, layerNorm, layerNormWithSkip, linear, rollGroups, rollTimeSpec } from './index.js';

describeBackends('no leaks', () => {
  beforeAll(() => {
    registerFastWebGPUKernels();
  });

  it('a block-like forward and backward leaves no tensors or backend buffers behind', async () => {
    const x = tf.randomNormal([2, 2, 3, 8]);
    const gamma = tf.ones([8]);
    const beta = tf.zeros([8]);
    const w1 = tf.randomNormal([70, 8]);
    const b1 = tf.zeros([70]);
    const w2 = tf.randomNormal([8, 70]);
    const step = () =>
      tf.tidy(() => {
        const grads = tf.grads((xx: Tensor, g: Tensor, wa: Tensor, ba: Tensor, wb: Tensor) => {
          const z = tf.reshape(layerNorm(tf.reshape(rollGroups(xx, rollTimeSpec(1, 4)), [2, 6, 8]), g, beta), [2, 6, 8]);
          const [n, skip] = layerNormWithSkip(z, g, beta);
          const h = biasGelu(linear(n, wa, { transposeB: true }), ba);
          return tf.sum(linear(h, wb, { transposeB: true, residual: skip }));
        })([x, gamma, w1, b1, w2]);
        return tf.addN(grads.map((g) => tf.sum(g)));
      });
    const warm = step();
    await warm.data();
    warm.dispose();
    const tensors = tf.memory().numTensors;
    const ids = tf.backend().numDataIds();
    const out = step();
    await out.data();
    out.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(ids);
  });

  it('repeated Adam steps (new moments replacing the old) keep the tensor and buffer counts constant', async () => {
    const param = tf.randomNormal([4, 6]);
    const grad = tf.randomNormal([4, 6]);
    const scale = tf.tensor1d([0.5]);
    let moments = tf.zeros([48]);
    const step = async (t: number) => {
      const next = adamUpdate(param, grad, moments, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, step: t, gradScale: scale });
      await next.param.data();
      next.param.dispose();
      moments.dispose();
      moments = next.moments;
    };
    await step(1);
    const tensors = tf.memory().numTensors;
    const ids = tf.backend().numDataIds();
    await step(2);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(ids);
    tf.dispose([param, grad, scale, moments]);
  });
});
