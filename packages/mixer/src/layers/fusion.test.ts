import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { withInitSeed } from '../init.js';
import { Module } from '../module.js';
import { mixerOps, setMixerOps } from '../ops/select.js';
import type { MixerOps, RollTimePlan } from '../ops/mixer-ops.js';
import { randomArray } from '../testing/reference.js';
import { valueAndGrads } from '../testing/paths.js';
import { mlpFactory } from './factories.js';
import { declaresFusion, type FusionSupport } from './fusion.js';
import { RhMixerBlock } from './rh-mixer-block.js';
import { RollTime } from './roll-time.js';

const GRID = { freq: 3, time: 4 };
const DIM = 16;

/** A user's roll module (not a RollTime, not a subclass of one) that declares the `rollPlan` fusion. */
class DeclaredRoll extends Module {
  readonly fusion: FusionSupport = { rollPlan: true };
  readonly roll: RollTime;

  constructor(shift: number) {
    super();
    this.roll = new RollTime({ grid: GRID, dim: DIM, shift });
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.roll.forward(x);
  }

  planFor(x: tf.Tensor): RollTimePlan {
    return this.roll.planFor(x);
  }

  override dispose(): void {
    this.roll.dispose();
    super.dispose();
  }
}

/** The same roll, declaring nothing: blocks must run it as a module. */
class UndeclaredRoll extends DeclaredRoll {
  override readonly fusion: FusionSupport = {};
}

/** The active backend's ops, counting the calls of the two roll paths. */
function countingOps(): { ops: MixerOps; calls: { rolledLinear: number; rollTime: number } } {
  const base = mixerOps();
  const calls = { rolledLinear: 0, rollTime: 0 };
  const ops: MixerOps = {
    ...base,
    name: `counting ${base.name}`,
    rolledLinear: (...args) => {
      calls.rolledLinear++;
      return base.rolledLinear(...args);
    },
    rollTime: (...args) => {
      calls.rollTime++;
      return base.rollTime(...args);
    },
  };
  return { ops, calls };
}

describeBackends('fusion by declaration', ({ backend }) => {
  it('declaresFusion reads the fusion property, whatever the class', () => {
    expect(declaresFusion(new DeclaredRoll(1), 'rollPlan')).toBe(true);
    expect(declaresFusion(new UndeclaredRoll(1), 'rollPlan')).toBe(false);
    expect(declaresFusion({ fusion: { residual: true } }, 'residual')).toBe(true);
    expect(declaresFusion({}, 'residual')).toBe(false);
  });

  it('a custom roll that declares rollPlan is folded into the channel MLP; one that does not runs as a module; same numbers', async () => {
    const run = async (roll: (shift: number) => Module): Promise<{ result: { value: Float32Array; grads: Map<string, Float32Array> }; calls: { rolledLinear: number; rollTime: number } }> => {
      const { ops, calls } = countingOps();
      setMixerOps(backend, ops);
      try {
        const block = withInitSeed(11, () => new RhMixerBlock({ dim: DIM, grid: GRID, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(8), roll: () => roll(2) }));
        const x = tf.variable(tf.tensor(randomArray(2 * 12 * DIM, 31), [2, 12, DIM]));
        const w = tf.tensor(randomArray(2 * 12 * DIM, 32), [2, 12, DIM]);
        const vars = new Map(block.trainableParameters());
        vars.set('input', x);
        const result = await valueAndGrads(() => tf.sum(tf.mul(block.forward(x), w)), vars);
        tf.dispose([x, w]);
        block.dispose();
        return { result, calls };
      } finally {
        setMixerOps(backend, null);
      }
    };
    const fused = await run((s) => new DeclaredRoll(s));
    const general = await run((s) => new UndeclaredRoll(s));
    expect(fused.calls).toEqual({ rolledLinear: 1, rollTime: 0 });
    expect(general.calls).toEqual({ rolledLinear: 0, rollTime: 1 });
    expectAllClose(fused.result.value, general.result.value, { rtol: 1e-5, atol: 1e-5 }, 'loss');
    for (const [name, g] of general.result.grads) expectAllClose(fused.result.grads.get(name) as Float32Array, g, { rtol: 1e-5, atol: 1e-5 }, `gradient of ${name}`);
  });
});
