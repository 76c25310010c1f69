import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { withInitSeed } from '../init.js';
import { Mixer } from '../mixer.js';
import { MixerConfigError } from '../errors.js';
import { PaddedConv2d, paddedConvLength } from './padded-conv2d.js';
import { ConvStem, convStemGrid } from './conv-stem.js';
import { MixerBlock } from './mixer-block.js';
import { mlpFactory } from './factories.js';

describeBackends('PaddedConv2d and ConvStem', ({ tol }) => {
  for (const [k, stride, h, w] of [[3, 1, 5, 6], [3, 2, 7, 6], [5, 2, 9, 8], [1, 1, 3, 4], [3, 3, 8, 7]] as const) {
    it(`PaddedConv2d k=${k} stride ${stride} on ${h}x${w} equals tf.conv2d on the zero-padded input, its input gradient too`, async () => {
      const conv = withInitSeed(1, () => new PaddedConv2d({ inChannels: 3, outChannels: 4, kernelSize: k, stride, bias: true }));
      tf.tidy(() => (conv.bias as tf.Variable).assign(tf.tensor1d([0.1, -0.2, 0.3, 0])));
      const x = tf.randomNormal([2, h, w, 3], 0, 1, 'float32', 2);
      const p = Math.floor(k / 2);
      const reference = (input: tf.Tensor): tf.Tensor =>
        tf.add(tf.conv2d(tf.pad(input, [[0, 0], [p, p], [p, p], [0, 0]]) as tf.Tensor4D, conv.weight as tf.Tensor4D, stride, 'valid'), conv.bias as tf.Tensor);
      const y = conv.forward(x);
      expect(y.shape).toEqual([2, paddedConvLength(h, k, stride, p), paddedConvLength(w, k, stride, p), 4]);
      const expected = reference(x);
      expectAllClose(await y.data(), await expected.data(), tol, 'forward');
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
      const gOurs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(conv.forward(t), dy)))(x);
      const gRef = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(reference(t), dy)))(x);
      expectAllClose(await gOurs.data(), await gRef.data(), tol, 'input gradient');
      // The filter gradient is the correlation of the taps with dy: check it against the definition on one entry.
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(conv.forward(x), dy)) as tf.Scalar, [conv.weight]);
      const gw = await (grads[conv.weight.name] as tf.Tensor).data();
      const xp = await tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]]).array() as number[][][][];
      const dya = await dy.array() as number[][][][];
      let manual = 0; // dW[kh=k-1, kw=0, c=1, o=2]
      for (let b = 0; b < 2; b++) for (let i = 0; i < y.shape[1]; i++) for (let j = 0; j < y.shape[2]; j++) manual += (xp[b]?.[i * stride + k - 1]?.[j * stride]?.[1] ?? 0) * (dya[b]?.[i]?.[j]?.[2] ?? 0);
      expect(gw[((k - 1) * k * 3 + 1) * 4 + 2]).toBeCloseTo(manual, 3);
      tf.dispose([x, y, expected, dy, gOurs, gRef, ...Object.values(grads)]);
      conv.dispose();
    });
  }

  it('ConvStem: [B, T, mel] -> [B, F\' T\', D] on the stages\' grid, every weight gets a gradient, no tensor leaks', async () => {
    const stem = withInitSeed(4, () => new ConvStem({ numMelBins: 16, targetLength: 10, dim: 6, channels: [3, 5], kernelSize: 3, stride: 2 }));
    expect(stem.grid).toEqual({ freq: 4, time: 3 });
    expect(convStemGrid(128, 512, 4, 3, 2)).toEqual({ freq: 8, time: 32 });
    expect([...stem.stateDictShapes()]).toEqual([
      ['stages.0.conv.weight', [3, 1, 3, 3]],
      ['stages.0.norm.weight', [3]],
      ['stages.0.norm.bias', [3]],
      ['stages.1.conv.weight', [5, 3, 3, 3]],
      ['stages.1.norm.weight', [5]],
      ['stages.1.norm.bias', [5]],
      ['proj.weight', [6, 5]],
      ['proj.bias', [6]],
    ]);
    const x = tf.randomNormal([2, 10, 16], 0, 1, 'float32', 5);
    const before = tf.memory().numTensors;
    const params = [...stem.trainableParameters()];
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(stem.forward(x))) as tf.Scalar, params.map(([, v]) => v));
    for (const [name, v] of params) {
      const g = await (grads[v.name] as tf.Tensor).data();
      expect(g.every(Number.isFinite) && g.some((e) => e !== 0), name).toBe(true);
    }
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    const y = stem.forward(x);
    expect(y.shape).toEqual([2, 12, 6]);
    // Token n = f * T' + t: the token at (f, t) is proj of the feature map at mel position f, time t.
    const features = stem.stages.forward(tf.expandDims(tf.transpose(x, [0, 2, 1]), 3));
    const token = stem.proj.forward(tf.reshape(tf.slice(features, [1, 2, 1, 0], [1, 1, 1, 5]), [1, 5]));
    expectAllClose(await tf.slice(y, [1, 2 * 3 + 1, 0], [1, 1, 6]).data(), await token.data(), tol, 'token order');
    tf.dispose([x, y, features, token]);
    stem.dispose();
  });

  it('a Mixer built with a stem takes its grid', () => {
    const model = new Mixer({
      targetLength: 26, dim: 8, depth: 1, numClasses: 2, seed: 0,
      stem: (c) => new ConvStem({ ...c, channels: [4], kernelSize: 3, stride: 4 }),
      block: ({ dim, numTokens }) => new MixerBlock({ dim, numTokens, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8) }),
    });
    expect(model.grid).toEqual({ freq: 32, time: 7 });
    expect(model.stateDictShapes().has('patch_embed.stages.0.conv.weight')).toBe(true);
    const y = model.forward(tf.zeros([1, 26, 128]));
    expect(y.shape).toEqual([1, 2]);
    y.dispose();
    model.dispose();
    expect(() => new ConvStem({ numMelBins: 8, targetLength: 4, dim: 2, channels: [], kernelSize: 3, stride: 2 })).toThrow(MixerConfigError);
  });
});
