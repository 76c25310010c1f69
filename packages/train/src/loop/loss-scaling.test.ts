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
import { memorySource, syntheticSet, TinyClassifier, weightsOf } from '../test-utils/tiny-model.js';
import { fit, type StepEvent } from './fit.js';
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
