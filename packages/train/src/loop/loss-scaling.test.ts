import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { describeBackends } from '@spectromix/tensor/testing';
import { withInitSeed } from '@spectromix/mixer';
import { AdamW } from '../optim/adam.js';
import { DynamicLossScaler } from '../optim/loss-scaler.js';
import { createLoss } from '../loss/losses.js';
import { createLrSchedule } from '../schedule/lr-schedule.js';
import { MemoryCheckpointStore } from '../checkpoint/memory-store.js';
import { decodeCheckpoint } from '../checkpoint/codec.js';
import { TrainConfigError, TrainingInterruptedError } from '../errors.js';
import { memorySource, syntheticSet, TinyClassifier, weightsOf } from '../conformance/tiny-model.js';
import { fit, type StepEvent } from './fit.js';
import type { TrainableModel } from './types.js';
import { trainStep, trainStepScaled } from './train-step.js';

const K = 4;
const F = 8;
const T = 5;
/** A finite scale that overflows f32 once multiplied by any loss above 1.005 (the tiny task starts near ln 4 = 1.39). */
const HUGE = 1.99 * 2 ** 127;
/** Brings HUGE down to 1.99 * 2^17 at the first overflow. */
const BACKOFF = 2 ** -110;

function setup(seed = 1) {
  const model = withInitSeed(seed, () => new TinyClassifier(F, 16, K));
  const optimizer = new AdamW(model.trainableParameters(), { lr: 0.01 });
  const train = memorySource(syntheticSet(48, K, F, T, 11), K, F, T, 8, 5);
  const loss = createLoss('softmax-ce', { labelSmoothing: 0.1 });
  return { model, optimizer, train, loss };
}


async function firstBatch(train: ReturnType<typeof setup>['train']) {
  for await (const b of train.epoch(0, 0)) return b;
  throw new Error('empty source');
}

describe('DynamicLossScaler', () => {
  it('backs off at an overflow, grows after growthInterval good steps, and round-trips its state', () => {
    const s = new DynamicLossScaler({ initScale: 1024, growthInterval: 2 });
    s.update(true);
    expect(s.scale).toBe(512);
    s.update(false);
    expect(s.scale).toBe(512);
    s.update(false);
    expect(s.scale).toBe(1024);
    s.update(false);
    const copy = new DynamicLossScaler();
    copy.setState(s.getState());
    expect(copy.getState()).toEqual({ scale: 1024, goodSteps: 1 });
    expect(() => copy.setState({ scale: -1, goodSteps: 0 })).toThrow(TrainConfigError);
    expect(() => new DynamicLossScaler({ backoffFactor: 1 })).toThrow(TrainConfigError);
    expect(new DynamicLossScaler().getState()).toEqual({ scale: 65536, goodSteps: 0 });
  });
});

describeBackends('loss scaling: overflow detection', () => {
  it('flags gradients (or a scaled loss) holding an infinity or NaN, and only those', async () => {
    const s = new DynamicLossScaler();
    const finite = new Map([['a', tf.tensor1d([1, -2, 3e38])], ['b', tf.zeros([2, 2])]]);
    const inf = new Map([['a', tf.tensor1d([1, 2])], ['b', tf.tensor1d([0, Infinity])]]);
    const nan = new Map([['a', tf.tensor1d([NaN, 2])]]);
    const read = async (g: Map<string, tf.Tensor>) => {
      const f = s.overflow(g);
      const v = (await f.data())[0];
      f.dispose();
      return v;
    };
    expect(await read(finite)).toBe(0);
    expect(await read(inf)).toBe(1);
    expect(await read(nan)).toBe(1);
    const infLoss = tf.scalar(Infinity);
    const f = s.overflow(finite, infLoss);
    expect((await f.data())[0]).toBe(1);
    tf.dispose([f, infLoss]);
    tf.dispose([...finite.values(), ...inf.values(), ...nan.values()]);
  });
});

describe('loss scaling: skipped steps and checkpoints [cpu]', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('a forced overflow skips the update and lowers the scale; the next step equals an unscaled one', async () => {
    const a = setup();
    const b = setup();
    const batch = await firstBatch(a.train);
    const params = a.model.trainableParameters();
    const scaler = new DynamicLossScaler({ initScale: HUGE, backoffFactor: BACKOFF });
    const before = await weightsOf(a.model);
    const first = await trainStepScaled(a.model, params, a.optimizer, a.loss, batch.x, batch.y, scaler);
    expect(first.skipped).toBe(true);
    expect(Number.isFinite((await first.stats.data())[0])).toBe(true);
    first.stats.dispose();
    expect(await weightsOf(a.model)).toEqual(before);
    expect(a.optimizer.stepCount).toBe(0);
    expect(scaler.scale).toBe(1.99 * 2 ** 17);
    const second = await trainStepScaled(a.model, params, a.optimizer, a.loss, batch.x, batch.y, scaler, { clipGradNorm: 1 });
    expect(second.skipped).toBe(false);
    second.stats.dispose();
    expect(a.optimizer.stepCount).toBe(1);
    // The skipped step's forward drew DropPath's masks: draw them in the plain run too.
    tf.dispose(b.model.forward(batch.x, { training: true }));
    tf.dispose(trainStep(b.model, b.model.trainableParameters(), b.optimizer, b.loss, batch.x, batch.y, { clipGradNorm: 1 }));
    const scaled = await weightsOf(a.model);
    const plain = await weightsOf(b.model);
    expect(scaled).not.toEqual(before);
    for (let i = 0; i < plain.length; i++) expect(Math.abs((scaled[i] as number) - (plain[i] as number))).toBeLessThan(1e-6);
    tf.dispose([batch.x, batch.y]);
  });

  it('fit saves the scale in checkpoints, and a resumed run continues exactly', async () => {
    const options = (s: ReturnType<typeof setup>) => ({
      model: s.model,
      optimizer: s.optimizer,
      loss: s.loss,
      train: s.train,
      schedule: createLrSchedule({ kind: 'ast', lr: 0.01, start: 2, step: 1, gamma: 0.85, interval: 'epoch' }),
      epochs: 2,
      clipGradNorm: 1,
    });
    const scalerOptions = { initScale: HUGE, backoffFactor: BACKOFF, growthInterval: 2 };
    const a = setup();
    const events: StepEvent[] = [];
    await fit({ ...options(a), lossScaler: new DynamicLossScaler(scalerOptions), onStep: (e) => events.push(e) });
    expect(events.map((e) => e.skipped)).toEqual([true, ...new Array(11).fill(false)]);
    expect(events[2]?.lossScale).toBe(1.99 * 2 ** 18);
    const fullWeights = await weightsOf(a.model);

    const b = setup();
    const store = new MemoryCheckpointStore(10);
    const controller = new AbortController();
    await expect(
      fit({ ...options(b), lossScaler: new DynamicLossScaler(scalerOptions), store, checkpointEverySteps: 3, signal: controller.signal, onStep: (e) => e.globalStep === 3 && controller.abort() }),
    ).rejects.toBeInstanceOf(TrainingInterruptedError);
    const saved = store.saved.find((s) => s.position.globalStep === 3);
    const checkpoint = decodeCheckpoint(saved?.bytes ?? new Uint8Array(), 'step 3');
    expect(checkpoint.meta.states['lossScaler']).toEqual({ scale: 1.99 * 2 ** 18, goodSteps: 0 });

    const c = setup(99);
    // The options are the run's configuration; the checkpoint restores the state (scale and good steps).
    const resumedScaler = new DynamicLossScaler({ growthInterval: 2 });
    await fit({ ...options(c), lossScaler: resumedScaler, resume: checkpoint });
    expect(await weightsOf(c.model)).toEqual(fullWeights);
    expect(resumedScaler.getState()).toEqual({ scale: 1.99 * 2 ** 22, goodSteps: 1 });
  });
});

/**
 * The model of {@link setup} with a switch that injects a non-finite gradient: the forward pass is unchanged (the
 * loss stays finite), but the backward pass multiplies the logits' gradient by `value` (Infinity or NaN), so every
 * parameter's gradient holds it, as an f16 overflow inside the backward pass would.
 */
class PoisonedModel implements TrainableModel {
  /** Non-finite factor for the next training forwards' gradients, or null for clean steps. */
  value: number | null = null;

  constructor(readonly inner: TinyClassifier) {}

  forward(x: tf.Tensor, options: { training: boolean }): tf.Tensor {
    const logits = this.inner.forward(x, options);
    const value = this.value;
    if (value == null || !options.training) return logits;
    const poison = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({ value: tf.mul(args[0] as tf.Tensor, 1), gradFunc: (dy: tf.Tensor) => tf.mul(dy, value) })) as (t: tf.Tensor) => tf.Tensor;
    const out = poison(logits);
    logits.dispose();
    return out;
  }

  trainableParameters(): Map<string, tf.Variable> {
    return this.inner.trainableParameters();
  }

  stateDict(): Map<string, tf.Tensor> {
    return this.inner.stateDict();
  }

  loadStateDict(state: ReadonlyMap<string, tf.Tensor>): unknown {
    return this.inner.loadStateDict(state);
  }

  train(mode?: boolean): unknown {
    return this.inner.train(mode);
  }

  namedModules(): Map<string, object> {
    return this.inner.namedModules();
  }
}

/** The optimiser's counters and moments as plain numbers. */
async function adamState(optimizer: AdamW): Promise<{ meta: unknown; tensors: Record<string, number[]> }> {
  const state = optimizer.getState();
  const tensors: Record<string, number[]> = {};
  for (const [name, t] of state.tensors) tensors[name] = Array.from(await t.data());
  tf.dispose([...state.tensors.values()]);
  return { meta: state.meta, tensors };
}

describeBackends('loss scaling: an injected inf or NaN gradient', () => {
  for (const value of [Infinity, NaN]) {
    it(`${value} in every gradient: the step is skipped (weights and Adam state unchanged), the scale halves, and grows back after growthInterval good steps`, async () => {
      const s = setup(3);
      const model = new PoisonedModel(s.model);
      const batch = await firstBatch(s.train);
      const params = model.trainableParameters();
      const scaler = new DynamicLossScaler({ initScale: 1024, growthInterval: 2 });
      const step = async () => {
        const r = await trainStepScaled(model, params, s.optimizer, s.loss, batch.x, batch.y, scaler);
        const [loss] = await r.stats.data();
        r.stats.dispose();
        return { skipped: r.skipped, loss: loss as number };
      };
      // A clean step first, so the moments the skipped step must leave alone are not zeros.
      expect((await step()).skipped).toBe(false);
      expect(scaler.getState()).toEqual({ scale: 1024, goodSteps: 1 });
      const weights = await weightsOf(s.model);
      const adam = await adamState(s.optimizer);
      expect(Object.values(adam.tensors).some((m) => m.some((v) => v !== 0))).toBe(true);

      model.value = value;
      const poisoned = await step();
      expect(poisoned.skipped).toBe(true);
      expect(Number.isFinite(poisoned.loss)).toBe(true);
      expect(await weightsOf(s.model)).toEqual(weights);
      expect(await adamState(s.optimizer)).toEqual(adam);
      expect(s.optimizer.stepCount).toBe(1);
      expect(scaler.getState()).toEqual({ scale: 512, goodSteps: 0 });

      model.value = null;
      expect((await step()).skipped).toBe(false);
      expect(scaler.getState()).toEqual({ scale: 512, goodSteps: 1 });
      expect(await weightsOf(s.model)).not.toEqual(weights);
      expect((await step()).skipped).toBe(false);
      expect(scaler.getState()).toEqual({ scale: 1024, goodSteps: 0 });
      expect(s.optimizer.stepCount).toBe(3);
      tf.dispose([batch.x, batch.y]);
    });
  }
});

describe('loss scaling: fit with an injected NaN gradient [cpu]', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('skips that step instead of stopping (the loss is finite), reports it, and grows the scale after the interval', async () => {
    const s = setup(4);
    const model = new PoisonedModel(s.model);
    let trainingForwards = 0;
    const forward = model.forward.bind(model);
    // Poison the third training step only.
    model.forward = (x, options) => {
      if (options.training) model.value = ++trainingForwards === 3 ? NaN : null;
      return forward(x, options);
    };
    const events: StepEvent[] = [];
    const result = await fit({
      model,
      optimizer: s.optimizer,
      loss: s.loss,
      train: s.train,
      schedule: createLrSchedule({ kind: 'constant', lr: 0.01 }),
      epochs: 2,
      lossScaler: new DynamicLossScaler({ initScale: 256, growthInterval: 4 }),
      onStep: (e) => events.push(e),
    });
    expect(result.globalStep).toBe(12);
    expect(events.map((e) => e.skipped)).toEqual([false, false, true, ...new Array(9).fill(false)]);
    // Halved at step 3, doubled after 4 good steps (7), again after 4 more (11).
    expect(events.map((e) => e.lossScale)).toEqual([256, 256, 128, 128, 128, 128, 256, 256, 256, 256, 512, 512]);
    expect(s.optimizer.stepCount).toBe(11);
  });
});
