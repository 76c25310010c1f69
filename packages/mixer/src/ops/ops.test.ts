import { describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { fastKernelStats, resetFastKernelStats } from '@spectromix/webgpu-kernels';
import { withInitSeed } from '../init.js';
import { Module } from '../module.js';
import { RhMixerBlock } from '../layers/rh-mixer-block.js';
import { MixerBlock } from '../layers/mixer-block.js';
import { HermitFrequencyMixing } from '../layers/hermit-frequency-mixing.js';
import { RollTime } from '../layers/roll-time.js';
import { mlpFactory } from '../layers/factories.js';
import { mish } from '../layers/activations.js';
import { randomArray } from '../testing/reference.js';
import { onReferencePath, valueAndGrads } from '../testing/paths.js';
import { mixerOps, setMixerOps } from './select.js';
import { plainMatMulOps, tfjsOps } from './tfjs-ops.js';
import { webgpuOps } from './webgpu-ops.js';

describe('mixerOps', () => {
  it('picks the ops by backend and follows setMixerOps until it is reset', () => {
    expect(mixerOps('webgpu')).toBe(webgpuOps);
    expect(mixerOps('wasm')).toBe(plainMatMulOps);
    expect(mixerOps('cpu')).toBe(tfjsOps);
    expect(mixerOps('some-other-backend')).toBe(tfjsOps);
    setMixerOps('webgpu', tfjsOps);
    try {
      expect(mixerOps('webgpu')).toBe(tfjsOps);
      expect(mixerOps('wasm')).toBe(plainMatMulOps);
    } finally {
      setMixerOps('webgpu', null);
    }
    expect(mixerOps('webgpu')).toBe(webgpuOps);
  });
});

const GRID = { freq: 3, time: 4 };
const N = GRID.freq * GRID.time;
const DIM = 16;
const BATCH = 2;

interface Case {
  readonly name: string;
  readonly build: () => Module;
  readonly training: boolean;
  /** Fast kernels the WebGPU run must launch (besides spectromix.Linear, spectromix.LayerNormSkip and its gradient). */
  readonly kernels: readonly string[];
  /** Embedding width (default DIM). */
  readonly dim?: number;
  /** Fast kernels it must not launch. */
  readonly absent?: readonly string[];
}

// The Roll-Time folded into fc1: the rolled product forward, both remapped gradient products, no roll pass.
const FOLDED_ROLL = ['spectromix.RolledLinear', 'spectromix.RollRemapMatMul'];

/** A roll module that is not RollTime (it mirrors the tokens along T'): the block must run it as a module. */
class ReverseTime extends Module {
  constructor(readonly grid: { freq: number; time: number }) {
    super();
  }

  forward(x: tf.Tensor): tf.Tensor {
    const d = x.shape[2] as number;
    return tf.reshape(tf.reverse(tf.reshape(x, [-1, this.grid.freq, this.grid.time, d]), 2), x.shape);
  }
}

const CASES: readonly Case[] = [
  {
    name: 'RH block (Hermit, Roll-Time, GELU MLPs; residuals fused)',
    training: false,
    kernels: [...FOLDED_ROLL, 'spectromix.Gelu'],
    absent: ['spectromix.RollGroups'],
    build: () => new RhMixerBlock({ dim: DIM, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8), hermit: (g) => new HermitFrequencyMixing(g), roll: (g) => new RollTime({ ...g, shift: 1 }) }),
  },
  {
    name: 'RH block with stochastic depth in training (residuals added after the drop)',
    training: true,
    kernels: FOLDED_ROLL,
    absent: ['spectromix.RollGroups'],
    build: () => new RhMixerBlock({ dim: DIM, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8), roll: (g) => new RollTime({ ...g, shift: 2 }), dropPath: 0.5 }),
  },
  {
    name: 'RH block with 16-byte roll groups (D = 64) and a Mish channel MLP (GELU not fused)',
    training: false,
    dim: 64,
    kernels: FOLDED_ROLL,
    absent: ['spectromix.RollGroups'],
    build: () => new RhMixerBlock({ dim: 64, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8, mish), roll: (g) => new RollTime({ ...g, shift: 5 }) }),
  },
  {
    name: 'RH block with a roll module that is not RollTime (run as a module)',
    training: false,
    kernels: [],
    absent: FOLDED_ROLL,
    build: () => new RhMixerBlock({ dim: DIM, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8), roll: (g) => new ReverseTime(g.grid) }),
  },
  {
    name: 'plain block with a Mish token MLP (activation not fused)',
    training: false,
    kernels: [],
    build: () => new MixerBlock({ dim: DIM, numTokens: N, tokenMlp: mlpFactory(4, mish), channelMlp: mlpFactory(8) }),
  },
];

// Issue 9: the fused WebGPU path must give the reference path's values and gradients. Each case builds the
// block twice from one seed (same weights, same DropPath masks), runs one copy on the tfjs reference ops with
// tfjs's stock kernels and the other on the WebGPU kernels, and compares the output and the gradient of every
// weight and of the input to 1e-4 of each tensor's largest magnitude.
describeBackends('fused WebGPU ops against the reference ops', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const run = async (): Promise<{ value: Float32Array; grads: Map<string, Float32Array> }> => {
        const block = withInitSeed(7, c.build);
        block.train(c.training);
        const vars = new Map(block.trainableParameters());
        const dim = c.dim ?? DIM;
        const x = tf.variable(tf.tensor(randomArray(BATCH * N * dim, 21), [BATCH, N, dim]));
        vars.set('input', x);
        const w = tf.tensor(randomArray(BATCH * N * dim, 22), [BATCH, N, dim]);
        const outputs = await valueAndGrads(() => tf.sum(tf.mul(block.forward(x), w)), vars);
        tf.dispose([x, w]);
        block.dispose();
        return outputs;
      };
      const reference = await onReferencePath(run);
      resetFastKernelStats();
      const fast = await run();
      const launched = fastKernelStats().fast;
      // Four linear maps per block; a folded Roll-Time makes the channel MLP's fc1 a rolled one.
      expect((launched['spectromix.Linear'] ?? 0) + (launched['spectromix.RolledLinear'] ?? 0), 'fused linear launches').toBeGreaterThanOrEqual(4);
      // Every block norm hands out its branch's skip, so the skip gradients join the norms' backward passes.
      expect(launched['spectromix.LayerNormSkip'] ?? 0, 'fused LayerNorm (with skip) launches').toBeGreaterThanOrEqual(2);
      expect(launched['spectromix.LayerNormGrad'] ?? 0, 'fused LayerNorm backward launches').toBeGreaterThanOrEqual(2);
      for (const k of c.kernels) expect(launched[k] ?? 0, `${k} launches`).toBeGreaterThan(0);
      for (const k of c.absent ?? []) expect(launched[k] ?? 0, `${k} launches`).toBe(0);
      const close = (a: Float32Array, e: Float32Array, label: string): void => {
        const scale = Math.max(...Array.from(e, Math.abs));
        expectAllClose(a, e, { rtol: 1e-4, atol: 1e-4 * scale }, label);
      };
      close(fast.value, reference.value, 'loss');
      for (const [name, g] of reference.grads) close(fast.grads.get(name) as Float32Array, g, `gradient of ${name}`);
    });
  }
}, ['webgpu']);
