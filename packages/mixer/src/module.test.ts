import { expect, it } from 'vitest';
import { describeBackends } from '@spectromix/tensor/testing';
import * as tf from '@spectromix/tensor';
import { Module } from './module.js';
import { Linear } from './layers/linear.js';
import { LayerNorm } from './layers/layer-norm.js';
import { Mlp } from './layers/mlp.js';
import { TokenMixing } from './layers/token-mixing.js';
import { DropPath } from './layers/drop-path.js';
import { aconC } from './layers/activations.js';
import { withInitSeed } from './init.js';
import { MixerError, StateDictError } from './errors.js';

class Pair extends Module {
  readonly norm: LayerNorm;
  readonly mix: TokenMixing;
  readonly drop: DropPath;
  constructor() {
    super();
    this.norm = this.registerModule('norm', new LayerNorm(3));
    this.mix = this.registerModule('mlp_tokens', new TokenMixing(new Mlp({ inFeatures: 4, hiddenFeatures: 2, act: aconC })));
    this.drop = this.registerModule('drop', new DropPath(0.5));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return this.mix.forward(this.norm.forward(x));
  }
}

// Parameter bookkeeping does not depend on the backend: cpu only.
describeBackends('Module', () => {
  it('names parameters with dots, inlines wrappers and lists modules', () => {
    const m = withInitSeed(1, () => new Pair());
    expect([...m.parameters().keys()]).toEqual([
      'norm.weight', 'norm.bias',
      'mlp_tokens.fc1.weight', 'mlp_tokens.fc1.bias', 'mlp_tokens.act.p1', 'mlp_tokens.act.p2', 'mlp_tokens.act.beta', 'mlp_tokens.fc2.weight', 'mlp_tokens.fc2.bias',
    ]);
    expect([...m.namedModules().keys()]).toEqual(['', 'norm', 'mlp_tokens', 'mlp_tokens.fc1', 'mlp_tokens.act', 'mlp_tokens.fc2', 'drop']);
    expect(m.numParameters()).toBe(3 + 3 + 8 + 2 + 2 + 2 + 2 + 8 + 4);
    m.dispose();
  });

  it('propagates train/eval to every descendant, inlined ones included', () => {
    const m = new Pair();
    expect(m.training).toBe(true);
    m.eval();
    expect([...m.namedModules().values()].every((c) => !c.training)).toBe(true);
    expect(m.mix.mlp.training).toBe(false);
    m.train();
    expect(m.mix.mlp.training).toBe(true);
    m.dispose();
  });

  it('exports PyTorch layouts: Linear weight [out, in] is the transpose of the internal [in, out]', async () => {
    const lin = withInitSeed(3, () => new Linear(3, 2));
    const state = lin.stateDict();
    const w = state.get('weight') as tf.Tensor;
    expect(w.shape).toEqual([2, 3]);
    const internal = (await lin.weight.array()) as number[][];
    const torch = (await w.array()) as number[][];
    for (let i = 0; i < 3; i++) for (let o = 0; o < 2; o++) expect(torch[o]?.[i]).toBe(internal[i]?.[o]);
    expect([...lin.stateDictShapes()]).toEqual([['weight', [2, 3]], ['bias', [2]]]);
    tf.dispose([...state.values()]);
    lin.dispose();
  });

  it('round-trips a state dict between two modules', async () => {
    const a = withInitSeed(1, () => new Pair());
    const b = withInitSeed(2, () => new Pair());
    const state = a.stateDict();
    expect(b.loadStateDict(state)).toEqual({ missing: [], unexpected: [] });
    for (const [name, v] of b.parameters()) expect(await v.data()).toEqual(await (a.parameters().get(name) as tf.Variable).data());
    tf.dispose([...state.values()]);
    a.dispose();
    b.dispose();
  });

  it('reports missing, unexpected and mismatched tensors by name and assigns nothing', async () => {
    const m = withInitSeed(1, () => new Pair());
    const before = await (m.parameters().get('norm.bias') as tf.Variable).data();
    const state = m.stateDict();
    const fc1 = state.get('mlp_tokens.fc1.weight') as tf.Tensor;
    state.set('mlp_tokens.fc1.weight', tf.zeros([4, 2]));
    const p2 = state.get('mlp_tokens.act.p2') as tf.Tensor;
    state.delete('mlp_tokens.act.p2');
    state.set('extra.weight', tf.zeros([1]));
    const bias = state.get('norm.bias') as tf.Tensor;
    state.set('norm.bias', tf.onesLike(bias));
    let error: unknown;
    try {
      m.loadStateDict(state);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    const err = error as StateDictError;
    expect(err.missing).toEqual(['mlp_tokens.act.p2']);
    expect(err.unexpected).toEqual(['extra.weight']);
    expect(err.mismatched).toEqual([{ name: 'mlp_tokens.fc1.weight', expected: [2, 4], got: [4, 2] }]);
    expect(err.message).toContain('mlp_tokens.fc1.weight has shape [4, 2], expected [2, 4]');
    expect(await (m.parameters().get('norm.bias') as tf.Variable).data()).toEqual(before);
    tf.dispose([...state.values(), fc1, p2, bias]);
    m.dispose();
  });

  it('loads non-strictly, returning what was missing or unexpected', () => {
    const m = new Pair();
    const state = new Map<string, tf.Tensor>([['norm.weight', tf.fill([3], 2)], ['other', tf.zeros([2])]]);
    const result = m.loadStateDict(state, { strict: false });
    expect(result.unexpected).toEqual(['other']);
    expect(result.missing).toHaveLength(8);
    expect(Array.from((m.parameters().get('norm.weight') as tf.Variable).dataSync())).toEqual([2, 2, 2]);
    tf.dispose([...state.values()]);
    m.dispose();
  });

  it('rejects duplicate or dotted names and use after dispose', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.registerModule('a', new LayerNorm(2));
        this.registerModule(name, new LayerNorm(2));
      }
      forward(x: tf.Tensor): tf.Tensor {
        return x;
      }
    }
    expect(() => new Bad('a')).toThrow(/already registered/);
    expect(() => new Bad('b.c')).toThrow(MixerError);
    const ok = new Bad('b');
    const n = tf.memory().numTensors;
    ok.dispose();
    expect(tf.memory().numTensors).toBe(n - 4);
    expect(ok.isDisposed).toBe(true);
    expect(() => ok.stateDict()).toThrow(/disposed/);
  });

  it('gives the same weights for the same seed', async () => {
    const a = withInitSeed(7, () => new Mlp({ inFeatures: 5, hiddenFeatures: 3 }));
    const b = withInitSeed(7, () => new Mlp({ inFeatures: 5, hiddenFeatures: 3 }));
    const c = withInitSeed(8, () => new Mlp({ inFeatures: 5, hiddenFeatures: 3 }));
    expect(await a.fc1.weight.data()).toEqual(await b.fc1.weight.data());
    expect(await a.fc1.weight.data()).not.toEqual(await c.fc1.weight.data());
    // xavier-uniform bound sqrt(6 / (5 + 3)) and zero biases
    expect(Math.max(...Array.from(await a.fc1.weight.data()).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 8));
    expect(Array.from(await a.fc1.bias!.data())).toEqual([0, 0, 0]);
    [a, b, c].forEach((m) => m.dispose());
  });
}, ['cpu']);
