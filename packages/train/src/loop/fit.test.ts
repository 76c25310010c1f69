import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { describeBackends } from '@spectromix/tensor/testing';
import { withInitSeed } from '@spectromix/mixer';
import { Adam, AdamW } from '../optim/adam.js';
import { adamUpdateFor } from '../optim/adam-update-select.js';
import { tfjsAdamUpdate } from '../optim/adam-update-tfjs.js';
import { createLoss } from '../loss/losses.js';
import { createLrSchedule } from '../schedule/lr-schedule.js';
import { MemoryCheckpointStore } from '../checkpoint/memory-store.js';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/codec.js';
import { disposeCheckpoint } from '../checkpoint/types.js';
import { CheckpointError, CheckpointMismatchError, NonFiniteLossError, TrainingInterruptedError } from '../errors.js';
import { memorySource, syntheticSet, TinyClassifier, weightsOf } from '../conformance/tiny-model.js';
import { fit, type FitOptions } from './fit.js';
import { trainStep } from './train-step.js';

const K = 4;
const F = 8;
const T = 5;

function setup(seed = 1, lr = 0.01) {
  const model = withInitSeed(seed, () => new TinyClassifier(F, 16, K));
  const optimizer = new AdamW(model.trainableParameters(), { lr });
  const train = memorySource(syntheticSet(48, K, F, T, 11), K, F, T, 8, 5);
  const val = memorySource(syntheticSet(24, K, F, T, 12), K, F, T, 8, null);
  const base = {
    model,
    optimizer,
    loss: createLoss('softmax-ce', { labelSmoothing: 0.1 }),
    schedule: createLrSchedule({ kind: 'ast', lr, start: 2, step: 1, gamma: 0.85, interval: 'epoch' }),
    train,
    validation: val.evalSource,
    test: val.evalSource,
    epochs: 4,
    clipGradNorm: 1,
  } satisfies Partial<FitOptions>;
  return { model, optimizer, base };
}


describeBackends('fit', () => {
  it('learns a separable task, records history, and leaks no tensor per step', async () => {
    const { model, optimizer, base } = setup();
    const before = tf.memory().numTensors;
    const steps: number[] = [];
    const result = await fit({ ...base, epochs: 3, onStep: (e) => steps.push(e.loss) });
    expect(result.history).toHaveLength(3);
    expect(result.test!.accuracy).toBeGreaterThan(0.9);
    expect(steps).toHaveLength(3 * 6);
    // Only the optimiser's moments outlive the run: 2 per parameter with tfjs ops, or 1 packed [m | v] with a fused update.
    const perParameter = adamUpdateFor() === tfjsAdamUpdate ? 2 : 1;
    expect(tf.memory().numTensors - before).toBe(perParameter * model.trainableParameters().size);

    const params = model.trainableParameters();
    const b = (await base.train.epoch(0)[Symbol.asyncIterator]().next()).value!;
    const stats = trainStep(model, params, optimizer, base.loss, b.x, b.y, { clipGradNorm: 1 });
    stats.dispose();
    await tf.checkLeaks(() => trainStep(model, params, optimizer, base.loss, b.x, b.y, { clipGradNorm: 1 }), { label: 'trainStep', release: (s) => s.dispose() });
    b.x.dispose();
    b.y.dispose();
    optimizer.dispose();
    model.dispose();
  });
});

describe('fit: checkpoints, resume, failures [cpu]', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('resuming from a mid-epoch checkpoint gives bit-identical weights and metrics', async () => {
    const a = setup();
    const full = await fit({ ...a.base });
    const fullWeights = await weightsOf(a.model);

    // Interrupted run: stop after step 9 (mid-epoch 2), with a checkpoint every 3 steps.
    const b = setup();
    const store = new MemoryCheckpointStore(10);
    const controller = new AbortController();
    await expect(
      fit({ ...b.base, store, checkpointEverySteps: 3, signal: controller.signal, onStep: (e) => e.globalStep === 9 && controller.abort() }),
    ).rejects.toBeInstanceOf(TrainingInterruptedError);
    const checkpoint = store.saved.find((s) => s.position.globalStep === 9)!;
    expect(checkpoint.position).toEqual({ epoch: 1, batch: 3, globalStep: 9 });
    b.optimizer.dispose();
    b.model.dispose();

    // Fresh process state: new model and optimiser with another init seed, restored from the checkpoint.
    const c = setup(99);
    const resumed = await fit({ ...c.base, store, resume: decodeCheckpoint(checkpoint.bytes, checkpoint.id) });
    expect(await weightsOf(c.model)).toEqual(fullWeights);
    expect(resumed.history).toEqual(full.history);
    expect(resumed.test).toEqual(full.test);
    expect(resumed.best).toEqual(full.best);
    for (const s of [a, c]) {
      s.optimizer.dispose();
      s.model.dispose();
    }
  });

  it('testEachEpoch records each epoch\'s test numbers without changing training or selection', async () => {
    const a = setup();
    const plain = await fit({ ...a.base });
    const plainWeights = await weightsOf(a.model);
    const b = setup();
    const test = memorySource(syntheticSet(16, K, F, T, 13), K, F, T, 8, null);
    const withTest = await fit({ ...b.base, test: test.evalSource, testEachEpoch: true });
    expect(await weightsOf(b.model)).toEqual(plainWeights);
    expect(withTest.best).toEqual(plain.best);
    expect(plain.history.every((h) => h.test === undefined)).toBe(true);
    expect(withTest.history.map((h) => h.validation)).toEqual(plain.history.map((h) => h.validation));
    // The last epoch's record holds the test numbers of the last epoch's weights.
    expect(withTest.history.every((h) => h.test != null && h.test.accuracy >= 0 && h.test.accuracy <= 1)).toBe(true);
    if (withTest.best!.epoch === withTest.history.length - 1) expect(withTest.history.at(-1)!.test!.accuracy).toBe(withTest.test!.accuracy);
    for (const s of [a, b]) {
      s.optimizer.dispose();
      s.model.dispose();
    }
  });

  it('a NaN loss throws NonFiniteLossError and the newest checkpoint is the last good one', async () => {
    const { model, optimizer, base } = setup(1, 0.01);
    const store = new MemoryCheckpointStore(10);
    const poisoned = {
      batchesPerEpoch: base.train.batchesPerEpoch,
      async *epoch(e: number, start = 0) {
        let i = start;
        for await (const b of base.train.epoch(e, start)) {
          if (e === 1 && i === 4) {
            const bad = tf.mul(b.x, Number.NaN);
            b.x.dispose();
            yield { ...b, x: bad };
          } else yield b;
          i++;
        }
      },
    };
    const error = await fit({ ...base, train: poisoned, store, checkpointEverySteps: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const nan = error as NonFiniteLossError;
    expect([nan.epoch, nan.batch, nan.globalStep]).toEqual([1, 4, 10]);
    expect(nan.lastCheckpoint).toBe('memory:step-10');
    const last = decodeCheckpoint(store.latest()!, 'latest');
    expect(last.meta.position.globalStep).toBe(10);
    for (const t of last.model.values()) expect(Array.from(await t.data()).every(Number.isFinite)).toBe(true);
    disposeCheckpoint(last);
    optimizer.dispose();
    model.dispose();
  });

  it('rejects a truncated checkpoint, plain weights, and a checkpoint of another model', async () => {
    const { model, optimizer, base } = setup();
    const bytes = await encodeCheckpoint({
      model,
      optimizer,
      meta: { position: { epoch: 0, batch: 0, globalStep: 0 }, running: { lossSum: 0, correct: 0, samples: 0 }, history: [], best: null, config: { a: Number.NaN }, modelShapes: {}, states: {} },
    });
    const ok = decodeCheckpoint(bytes, 'ok');
    expect(ok.meta.config).toEqual({ a: Number.NaN });
    disposeCheckpoint(ok);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 7), 'cut.safetensors')).toThrow(CheckpointError);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 7), 'cut.safetensors')).toThrow(/truncated or corrupted/);
    const { writeSafetensors } = await import('@spectromix/tensor/codecs');
    expect(() => decodeCheckpoint(writeSafetensors(new Map([['w', { shape: [1], data: new Float32Array(1) }]])), 'w.safetensors')).toThrow(/plain weights/);

    const store = new MemoryCheckpointStore();
    await fit({ ...base, epochs: 1, store });
    const other = withInitSeed(3, () => new TinyClassifier(F, 32, K));
    const otherOpt = new Adam(other.trainableParameters());
    await expect(fit({ ...base, model: other, optimizer: otherOpt, resume: decodeCheckpoint(store.latest()!, 'x') })).rejects.toBeInstanceOf(CheckpointMismatchError);
    [optimizer, otherOpt, model, other].forEach((d) => d.dispose());
  });
});
