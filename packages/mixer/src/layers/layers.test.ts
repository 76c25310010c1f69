import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose, finiteDifferenceGrad, analyticGrad } from '@spectromix/tensor/testing';
import { withInitSeed } from '../init.js';
import { Module } from '../module.js';
import { Linear } from './linear.js';
import { LayerNorm } from './layer-norm.js';
import { Mlp } from './mlp.js';
import { MixerBlock } from './mixer-block.js';
import { RhMixerBlock } from './rh-mixer-block.js';
import { mlpFactory } from './factories.js';
import { ChannelMixing, TokenMixing } from './token-mixing.js';
import { PatchEmbed } from './patch-embed.js';
import { Conv2d } from './conv2d.js';
import { AconC, Gelu, Mish, Swish, aconC } from './activations.js';
import { RollTime, rollShift } from './roll-time.js';
import { HermitFrequencyMixing } from './hermit-frequency-mixing.js';
import { ClassifierHead } from './classifier-head.js';
import { DropPath } from './drop-path.js';
import { erf, hermitReference, randomArray, roll } from '../testing/reference.js';
import { InputShapeError, MixerConfigError } from '../errors.js';

const data = async (t: tf.Tensor): Promise<Float32Array> => {
  const d = (await t.data()) as Float32Array;
  t.dispose();
  return d;
};

describeBackends('mixer layers', ({ tol }) => {
  it('Linear: last axis and axis -2 (forwardTokens) match x W + b', async () => {
    const lin = withInitSeed(1, () => new Linear(3, 2));
    lin.bias?.assign(tf.tensor1d([0.5, -0.25]));
    const w = (await lin.weight.array()) as number[][];
    const xs = randomArray(2 * 3 * 4, 11);
    // forward on [2, 4, 3]: y[b, c, o] = sum_i x[b, c, i] w[i][o] + bias[o]
    const x = tf.tensor(xs, [2, 4, 3]);
    const expected: number[] = [];
    for (let r = 0; r < 8; r++) for (let o = 0; o < 2; o++) expected.push([0, 1, 2].reduce((s, i) => s + (xs[r * 3 + i] as number) * (w[i]?.[o] as number), 0) + [0.5, -0.25][o]!);
    expectAllClose(await data(lin.forward(x)), expected, tol, 'Linear.forward');
    // forwardTokens on x^T = [2, 3, 4] gives the transposed result [2, 2, 4]
    const xt = tf.transpose(x, [0, 2, 1]);
    const yt = lin.forwardTokens(xt);
    expect(yt.shape).toEqual([2, 2, 4]);
    expectAllClose(await data(tf.transpose(yt, [0, 2, 1])), expected, tol, 'Linear.forwardTokens');
    tf.dispose([x, xt, yt]);
    lin.dispose();
  });

  it('token mixing without transposes has the gradients of the transposed path', async () => {
    const mlp = withInitSeed(2, () => new Mlp({ inFeatures: 4, hiddenFeatures: 3 }));
    const x = tf.tensor(randomArray(2 * 4 * 5, 12), [2, 4, 5]);
    const weights = tf.tensor(randomArray(2 * 4 * 5, 13), [2, 4, 5]);
    const vars = [...mlp.parameters().values()];
    const loss = (y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(y, weights));
    const direct = tf.variableGrads(() => loss(mlp.forwardTokens(x)), vars);
    const transposed = tf.variableGrads(() => loss(tf.transpose(mlp.forward(tf.transpose(x, [0, 2, 1])), [0, 2, 1])), vars);
    expectAllClose(await direct.value.data(), await transposed.value.data(), tol, 'loss');
    for (const v of vars) expectAllClose(await (direct.grads[v.name] as tf.Tensor).data(), await (transposed.grads[v.name] as tf.Tensor).data(), { rtol: 1e-4, atol: 1e-5 }, `grad of ${v.name}`);
    // and with respect to the input, against finite differences
    const f = (xx: tf.Tensor): tf.Tensor => loss(mlp.forwardTokens(xx));
    const xs = randomArray(2 * 4 * 5, 12);
    expectAllClose(await analyticGrad(f, xs, [2, 4, 5]), await finiteDifferenceGrad(f, xs, [2, 4, 5], 1e-2), { rtol: 2e-2, atol: 2e-3 }, 'dx');
    tf.dispose([x, weights, direct.value, transposed.value, ...Object.values(direct.grads), ...Object.values(transposed.grads)]);
    mlp.dispose();
  });

  it('TokenMixing transposes for MLPs without forwardTokens', async () => {
    class LastAxisOnly extends Module {
      constructor(readonly inner: Mlp) {
        super();
        this.inline(inner);
      }
      forward(v: tf.Tensor): tf.Tensor {
        return this.inner.forward(v);
      }
    }
    const mlp = withInitSeed(3, () => new Mlp({ inFeatures: 4, hiddenFeatures: 3 }));
    const x = tf.tensor(randomArray(2 * 4 * 5, 14), [2, 4, 5]);
    const viaTranspose = new TokenMixing(new LastAxisOnly(mlp));
    expect([...viaTranspose.parameters().keys()]).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expectAllClose(await data(viaTranspose.forward(x)), await data(new TokenMixing(mlp).forward(x)), tol, 'TokenMixing');
    x.dispose();
    mlp.dispose();
  });

  it('LayerNorm normalises the last axis with biased variance and eps', async () => {
    const ln = new LayerNorm(4, 1e-6);
    ln.weight.assign(tf.tensor1d([1, 2, 0.5, -1]));
    ln.bias.assign(tf.tensor1d([0, 0.1, 0.2, 0.3]));
    const xs = randomArray(3 * 4, 15);
    const expected: number[] = [];
    for (let r = 0; r < 3; r++) {
      const row = Array.from(xs.subarray(r * 4, r * 4 + 4));
      const mean = row.reduce((a, b) => a + b) / 4;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      row.forEach((v, i) => expected.push(((v - mean) / Math.sqrt(variance + 1e-6)) * [1, 2, 0.5, -1][i]! + [0, 0.1, 0.2, 0.3][i]!));
    }
    const x = tf.tensor(xs, [3, 4]);
    expectAllClose(await data(ln.forward(x)), expected, { rtol: 1e-4, atol: 1e-5 }, 'LayerNorm');
    expect(() => ln.forward(tf.zeros([2, 3]))).toThrow(InputShapeError);
    x.dispose();
    ln.dispose();
  });

  it('activations: exact GELU (and its gradient), Mish, Swish, Acon-C', async () => {
    const xs = randomArray(24, 16).map((v) => 3 * v);
    const x = tf.tensor(xs, [2, 3, 4]);
    const arr = Array.from(xs);
    const sig = (v: number): number => 1 / (1 + Math.exp(-v));
    expectAllClose(await data(new Gelu().forward(x)), arr.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))), tol, 'gelu');
    expectAllClose(await data(new Mish().forward(x)), arr.map((v) => v * Math.tanh(Math.log1p(Math.exp(v)))), { rtol: 1e-4, atol: 1e-5 }, 'mish');
    expectAllClose(await data(new Swish().forward(x)), arr.map((v) => v * sig(v)), tol, 'swish');
    const g = (v: tf.Tensor): tf.Tensor => tf.sum(new Gelu().forward(v));
    expectAllClose(await analyticGrad(g, xs, [24]), arr.map((v) => 0.5 * (1 + erf(v / Math.SQRT2)) + (v * Math.exp(-v * v / 2)) / Math.sqrt(2 * Math.PI)), { rtol: 1e-4, atol: 1e-5 }, 'gelu grad');
    const acon = withInitSeed(4, () => new AconC(4));
    const [p1, p2, beta] = [await acon.p1.data(), await acon.p2.data(), [1, 1, 1, 1]];
    const aconRef = (featureOf: (i: number) => number): number[] => arr.map((v, i) => {
      const c = featureOf(i);
      const dp = ((p1[c] as number) - (p2[c] as number)) * v;
      return dp * sig((beta[c] as number) * dp) + (p2[c] as number) * v;
    });
    expectAllClose(await data(acon.forward(x)), aconRef((i) => i % 4), tol, 'acon-c (features last)');
    const xt = tf.tensor(xs, [2, 4, 3]);
    expectAllClose(await data(acon.forward(xt, -2)), aconRef((i) => Math.floor(i / 3) % 4), tol, 'acon-c (features on axis -2)');
    tf.dispose([x, xt]);
    acon.dispose();
  });

  it('RollTime rolls groups 0-3 left, right, up, down as torch.roll and passes the rest', async () => {
    const grid = { freq: 3, time: 4 };
    for (const [groups, shift] of [[8, 1], [4, 5], [8, 3]] as const) {
      const dim = 16;
      const w = dim / groups;
      const xs = randomArray(2 * 12 * dim, 17 + shift);
      const layer = new RollTime({ grid, dim, shift, groups });
      const shape = [2, 3, 4, dim];
      const expected = new Float64Array(xs.length);
      const moves: [number, number][] = [[-shift, 2], [shift, 2], [-shift, 1], [shift, 1]];
      const rolled = moves.map(([k, axis]) => roll(xs, shape, k, axis));
      for (let i = 0; i < xs.length; i++) {
        const g = Math.floor((i % dim) / w);
        expected[i] = g < 4 ? (rolled[g]?.[i] as number) : (xs[i] as number);
      }
      const x = tf.tensor(xs, [2, 12, dim]);
      expectAllClose(await data(layer.forward(x)), expected, { rtol: 0, atol: 0 }, `roll groups=${groups} shift=${shift}`);
      // The gradient of sum(roll(x) * w) is w rolled back.
      const ws = randomArray(xs.length, 23);
      const weights = tf.tensor(ws, [2, 12, dim]);
      const back = moves.map(([k, axis]) => roll(ws, shape, -k, axis));
      const expectedGrad = Array.from(ws, (v, i) => {
        const g = Math.floor((i % dim) / w);
        return g < 4 ? (back[g]?.[i] as number) : v;
      });
      expectAllClose(await analyticGrad((v) => tf.sum(tf.mul(layer.forward(v), weights)), xs, [2, 12, dim]), expectedGrad, { rtol: 1e-6, atol: 1e-6 }, 'roll gradient');
      tf.dispose([x, weights]);
    }
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((l) => rollShift(l, 12, 4))).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    expect(() => new RollTime({ grid, dim: 20, shift: 1 })).toThrow(/20 is not divisible by the 16 roll groups/);
  });

  it('a channel MLP reading its input through a RollTime plan equals RollTime then the MLP (values and gradients)', async () => {
    const grid = { freq: 3, time: 4 };
    const roll = new RollTime({ grid, dim: 16, shift: 2, groups: 8 });
    const xs = randomArray(2 * 12 * 16, 41);
    const ws = tf.tensor(randomArray(2 * 12 * 16, 42), [2, 12, 16]);
    for (const mlp of [withInitSeed(3, () => new Mlp({ inFeatures: 16, hiddenFeatures: 8 })), withInitSeed(4, () => new Linear(16, 16))]) {
      const mixing = new ChannelMixing(mlp);
      expect(mixing.foldsInputRoll).toBe(true);
      const loss = (fold: boolean) => (v: tf.Tensor) => tf.sum(tf.mul(fold ? mixing.forward(v, { inputRoll: roll.planFor(v) }) : mixing.forward(roll.forward(v)), ws));
      const x = tf.tensor(xs, [2, 12, 16]);
      expectAllClose(await data(mixing.forward(x, { inputRoll: roll.plan })), await data(mixing.forward(roll.forward(x))), tol, 'rolled forward');
      expectAllClose(await analyticGrad(loss(true), xs, [2, 12, 16]), await analyticGrad(loss(false), xs, [2, 12, 16]), tol, 'rolled input gradient');
      x.dispose();
      mixing.dispose();
    }
    // A channel MLP that does not declare the inputRoll fusion (here a subclass that withdraws it, as one that overrides
    // forward should) cannot take the roll: the block runs the roll module instead.
    const custom = new ChannelMixing(new (class extends Mlp { override readonly fusion = { residual: true } })({ inFeatures: 16, hiddenFeatures: 8 }));
    expect(custom.foldsInputRoll).toBe(false);
    expect(() => custom.forward(tf.zeros([1, 12, 16]), { inputRoll: roll.plan })).toThrow(MixerConfigError);
    tf.dispose([ws]);
    custom.dispose();
    roll.dispose();
  });

  it('HermitFrequencyMixing is the identity with filter 1 and the DCT-I global filter otherwise', async () => {
    for (const t of [2, 5]) {
      const grid = { freq: 2, time: t };
      const dim = 3;
      const layer = withInitSeed(5, () => new HermitFrequencyMixing({ grid, dim }));
      const xs = randomArray(2 * 2 * t * dim, 18 + t);
      const x = tf.tensor(xs, [2, 2 * t, dim]);
      layer.filter.assign(tf.ones([t, dim]));
      expectAllClose(await data(layer.forward(x)), xs, { rtol: 1e-4, atol: 1e-5 }, `identity T'=${t}`);
      const filter = randomArray(t * dim, 19);
      layer.filter.assign(tf.tensor(filter, [t, dim]));
      expectAllClose(await data(layer.forward(x)), hermitReference(xs, [2, 2, t, dim], filter), { rtol: 1e-4, atol: 1e-5 }, `DCT-I T'=${t}`);
      // gradient with respect to the filter, against finite differences
      const f = (flt: tf.Tensor): tf.Tensor => {
        layer.filter.assign(flt);
        return tf.sum(tf.square(layer.forward(x)));
      };
      const grads = tf.variableGrads(() => tf.sum(tf.square(layer.forward(x))), [layer.filter]);
      expectAllClose(await data(grads.grads[layer.filter.name] as tf.Tensor), await finiteDifferenceGrad(f, filter, [t, dim], 1e-2), { rtol: 2e-2, atol: 2e-3 }, 'd filter');
      grads.value.dispose();
      x.dispose();
      layer.dispose();
    }
    expect(() => new HermitFrequencyMixing({ grid: { freq: 12, time: 1 }, dim: 4 })).toThrow(MixerConfigError);
  });

  it('PatchEmbed reads [B, T, mel] as a mel-by-time image and orders tokens frequency-major', async () => {
    const embed = withInitSeed(6, () => new PatchEmbed({ numMelBins: 26, targetLength: 36, dim: 2 }));
    expect(embed.grid).toEqual({ freq: 2, time: 3 });
    const state = embed.stateDict();
    const w = await data(state.get('proj.weight') as tf.Tensor); // [D, 1, 16 (mel), 16 (time)]
    const bias = await data(state.get('proj.bias') as tf.Tensor);
    const xs = randomArray(36 * 26, 20); // one item [T=36, mel=26]
    const expected: number[] = [];
    for (let f = 0; f < 2; f++) {
      for (let t = 0; t < 3; t++) {
        for (let d = 0; d < 2; d++) {
          let s = bias[d] as number;
          for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) s += (w[d * 256 + i * 16 + j] as number) * (xs[(t * 10 + j) * 26 + f * 10 + i] as number);
          expected.push(s);
        }
      }
    }
    const x = tf.tensor(xs, [1, 36, 26]);
    expectAllClose(await data(embed.forward(x)), expected, { rtol: 1e-4, atol: 1e-5 }, 'patch embedding');
    expect(() => embed.forward(tf.zeros([1, 36, 25]))).toThrow(/axis 2 \(mel bins\) is 25, expected 26/);
    x.dispose();
    embed.dispose();
  });

  it('Conv2d (gather + matMul) matches tf.conv2d and has weight gradients on every backend', async () => {
    const conv = withInitSeed(9, () => new Conv2d({ inChannels: 2, outChannels: 3, kernelSize: 3, stride: 2 }));
    conv.bias?.assign(tf.tensor1d([0.1, -0.2, 0.3]));
    const xs = randomArray(2 * 7 * 9 * 2, 21);
    const x = tf.tensor(xs, [2, 7, 9, 2]);
    const direct = tf.add(tf.conv2d(x as tf.Tensor4D, conv.weight as tf.Tensor4D, 2, 'valid'), conv.bias as tf.Tensor1D);
    const y = conv.forward(x);
    expect(y.shape).toEqual([2, 3, 4, 3]);
    expectAllClose(await data(y), await data(direct), { rtol: 1e-4, atol: 1e-5 }, 'conv');
    const w0 = await conv.weight.data();
    const f = (w: tf.Tensor): tf.Tensor => {
      conv.weight.assign(w);
      return tf.sum(tf.square(conv.forward(x)));
    };
    const grads = tf.variableGrads(() => tf.sum(tf.square(conv.forward(x))), [conv.weight]);
    expectAllClose(await data(grads.grads[conv.weight.name] as tf.Tensor), await finiteDifferenceGrad(f, w0 as Float32Array, [3, 3, 2, 3], 1e-2), { rtol: 2e-2, atol: 5e-3 }, 'd weight');
    grads.value.dispose();
    x.dispose();
    conv.dispose();
  });

  it('ClassifierHead averages tokens and starts with zero weights', async () => {
    const head = withInitSeed(7, () => new ClassifierHead(3, 2));
    expect(Array.from(await head.fc.weight.data())).toEqual([0, 0, 0, 0, 0, 0]);
    head.fc.weight.assign(tf.tensor2d([[1, 0], [0, 1], [1, 1]]));
    const x = tf.tensor3d([[[1, 2, 3], [3, 4, 5]]]);
    expectAllClose(await data(head.forward(x, { preLogits: true })), [2, 3, 4], tol, 'pooled');
    expectAllClose(await data(head.forward(x)), [6, 7], tol, 'logits');
    x.dispose();
    head.dispose();
  });

  it('every layer leaves nothing but its output behind, outside any tidy', () => {
    const grid = { freq: 2, time: 3 };
    const layers: [string, { forward(x: tf.Tensor): tf.Tensor }, number[]][] = withInitSeed(10, () => [
      ['Linear', new Linear(4, 3), [2, 5, 4]],
      ['Mlp', new Mlp({ inFeatures: 4, hiddenFeatures: 3, act: aconC }), [2, 5, 4]],
      ['LayerNorm', new LayerNorm(4), [2, 5, 4]],
      ['TokenMixing', new TokenMixing(new Mlp({ inFeatures: 6, hiddenFeatures: 3 })), [2, 6, 16]],
      ['RollTime', new RollTime({ grid, dim: 16, shift: 1 }), [2, 6, 16]],
      ['HermitFrequencyMixing', new HermitFrequencyMixing({ grid, dim: 16 }), [2, 6, 16]],
      ['MixerBlock', new MixerBlock({ dim: 16, numTokens: 6, tokenMlp: mlpFactory(3), channelMlp: mlpFactory(8), dropPath: 0.5 }), [2, 6, 16]],
      ['RhMixerBlock', new RhMixerBlock({ dim: 16, grid, tokenMlp: mlpFactory(3), channelMlp: mlpFactory(8), hermit: (g) => new HermitFrequencyMixing(g), roll: (g) => new RollTime({ ...g, shift: 2 }) }), [2, 6, 16]],
      ['PatchEmbed', new PatchEmbed({ numMelBins: 26, targetLength: 36, dim: 4 }), [2, 36, 26]],
      ['ClassifierHead', new ClassifierHead(16, 3), [2, 6, 16]],
    ]);
    for (const [name, layer, shape] of layers) {
      const x = tf.ones(shape);
      layer.forward(x).dispose(); // warm caches (FFT bases)
      const before = tf.memory().numTensors;
      const y = layer.forward(x);
      expect(tf.memory().numTensors, name).toBe(before + 1);
      tf.dispose([x, y]);
    }
  });

  it('DropPath: identity in eval, seeded per-sample masks in training', async () => {
    const x = tf.ones([64, 2, 3]);
    const a = withInitSeed(8, () => new DropPath(0.25));
    const b = withInitSeed(8, () => new DropPath(0.25));
    a.eval();
    expect(a.forward(x)).toBe(x);
    a.train();
    const ya = await data(a.forward(x));
    const yb = await data(b.forward(x));
    expect(ya).toEqual(yb);
    const perSample = Array.from({ length: 64 }, (_, i) => ya[i * 6] as number);
    expect(new Set(perSample.map((v) => v.toFixed(4)))).toEqual(new Set(['0.0000', (1 / 0.75).toFixed(4)]));
    for (let i = 0; i < 64; i++) for (let j = 0; j < 6; j++) expect(ya[i * 6 + j]).toBe(perSample[i]);
    x.dispose();
  });
});
