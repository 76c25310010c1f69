import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { Linear, Module } from '@spectromix/mixer';
import { createLoss, evaluate, type EpochRecord, type EvalSource, type FitResult } from '@spectromix/train';
import { resolveRunConfig } from '../config/resolve.js';
import { ConfigError } from '../errors.js';
import { createAveraging } from './averaging.js';
import { averagedEpochs, WeightPool } from './weight-average.js';

beforeAll(async () => {
  await initBackend('cpu');
});
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'average-'));
  dirs.push(d);
  return d;
};

const rec = (epoch: number, accuracy: number, loss = 1): EpochRecord => ({ epoch, lr: 0, trainLoss: 0, trainAccuracy: 0, globalStep: epoch, validation: { accuracy, macroAuc: 0, mAP: 0, loss } });

describe('averagedEpochs', () => {
  const history = [rec(0, 0.5, 0.9), rec(1, 0.7, 0.5), rec(2, 0.6, 0.4), rec(3, 0.7, 0.8), rec(4, 0.2, 2)];
  it('the k best by the validation metric (ties to the earlier epoch), or the last k', () => {
    expect(averagedEpochs(history, { kind: 'best', k: 2 }, 'accuracy')).toEqual([1, 3]);
    expect(averagedEpochs(history, { kind: 'best', k: 3 }, 'accuracy')).toEqual([1, 2, 3]);
    expect(averagedEpochs(history, { kind: 'best', k: 2 }, 'loss')).toEqual([1, 2]);
    expect(averagedEpochs(history, { kind: 'last', k: 3 }, 'accuracy')).toEqual([2, 3, 4]);
    expect(averagedEpochs(history.slice(0, 1), { kind: 'last', k: 3 }, 'accuracy')).toEqual([0]);
  });
});

/** A 2-class linear classifier. */
class Tiny extends Module {
  readonly lin: Linear;
  constructor() {
    super();
    this.lin = this.registerModule('lin', new Linear(2, 2));
  }
  forward(x: tf.Tensor): tf.Tensor {
    return this.lin.forward(x);
  }
}
/** A {@link Tiny} with weights `w` (2 x 2, no bias). */
function linear(w: number[][]): Tiny {
  const model = new Tiny();
  set(model, w);
  return model;
}
function set(model: Tiny, w: number[][]): void {
  const state = new Map<string, tf.Tensor>([['lin.weight', tf.tensor2d(w)], ['lin.bias', tf.zeros([2])]]);
  model.loadStateDict(state);
  tf.dispose([...state.values()]);
}
/** Two clips: [1, 0] is class 0, [0, 1] class 1. */
const points: EvalSource = async function* () {
  yield { x: tf.tensor2d([[1, 0], [0, 1]]), y: tf.tensor2d([[1, 0], [0, 1]]), labels: [0, 1], size: 2 };
};
const loss = createLoss('softmax-ce');

describe('WeightPool', () => {
  it('keeps the files of the epochs that may still be averaged and averages them element-wise', async () => {
    const pool = new WeightPool(join(tmp(), 'average'), { kind: 'best', k: 2 }, 'accuracy');
    const model = linear([[0, 0], [0, 0]]);
    const history: EpochRecord[] = [];
    const weights = [[[1, 2], [3, 4]], [[3, 2], [1, 0]], [[9, 9], [9, 9]], [[5, 6], [7, 8]]];
    const accs = [0.6, 0.8, 0.1, 0.7];
    for (let e = 0; e < 4; e++) {
      set(model, weights[e] as number[][]);
      history.push(rec(e, accs[e] as number));
      const state = model.stateDict();
      await pool.add(e, state, history);
      tf.dispose([...state.values()]);
    }
    expect(pool.epochs()).toEqual([1, 3]);
    const avg = pool.average([1, 3]);
    expect(Array.from(await (avg.get('lin.weight') as tf.Tensor).data())).toEqual([4, 4, 4, 4]);
    tf.dispose([...avg.values()]);
    model.dispose();
  });
});

describe('createAveraging', () => {
  const config = (spec: unknown): ReturnType<typeof resolveRunConfig>['config'] => resolveRunConfig({ flags: { train: { average: spec } } }).config;

  async function run(epochWeights: number[][][], accs: number[]): Promise<{ model: Tiny; out: Awaited<ReturnType<NonNullable<ReturnType<typeof createAveraging>>['finish']>>; fit: FitResult }> {
    const dir = tmp();
    const averaging = createAveraging(config({ kind: 'last', k: 2 }), dir, true);
    const model = linear([[0, 0], [0, 0]]);
    const history: EpochRecord[] = [];
    epochWeights.forEach((w, e) => {
      set(model, w);
      const r = rec(e, accs[e] as number);
      history.push(r);
      averaging?.onEpoch(r, model);
    });
    // fit leaves the best epoch's weights in the model (here epoch 0) and reports their validation and test.
    set(model, epochWeights[0] as number[][]);
    const best = await evaluate(model, points, loss);
    const fit: FitResult = { history, best: { epoch: 0, metric: 'accuracy', value: best.accuracy }, validation: best, test: best, globalStep: 2, samplesPerSecond: 1 };
    const out = await (averaging as NonNullable<typeof averaging>).finish(model, fit, { validation: points, test: points }, loss);
    return { model, out, fit };
  }

  it('keeps the average when it validates at least as well as the best epoch, and only then tests it', async () => {
    // Each epoch alone gets one clip of two right; their average gets both.
    const { model, out, fit } = await run([[[2, 0], [0, -1]], [[-1, 0], [0, 2]]], [0.5, 0.5]);
    expect(fit.validation?.accuracy).toBe(0.5);
    expect(out.record).toMatchObject({ kind: 'last', k: 2, epochs: [0, 1], kept: 'average', validation: { accuracy: 1 }, bestEpochValidation: { accuracy: 0.5 } });
    expect(out.fit.validation?.accuracy).toBe(1);
    expect(out.fit.test?.accuracy).toBe(1);
    expect(Array.from(await (model.lin.weight as tf.Tensor).data())).toEqual([0.5, 0, 0, 0.5]);
    model.dispose();
  });

  it('keeps the best epoch (weights and test untouched) when the average validates worse', async () => {
    const { model, out, fit } = await run([[[1, 0], [0, 1]], [[-1, 0], [0, -1]]], [1, 0]);
    expect(out.record.kept).toBe('best-epoch');
    expect(out.record.validation.accuracy).toBe(0.5);
    expect(out.fit).toBe(fit);
    expect(Array.from(await (model.lin.weight as tf.Tensor).data())).toEqual([1, 0, 0, 1]);
    model.dispose();
  });

  it('keeps the best epoch when fewer than two epochs can be averaged', async () => {
    const { model, out, fit } = await run([[[1, 0], [0, 1]]], [1]);
    expect(out.record).toMatchObject({ epochs: [0], kept: 'best-epoch', validation: { accuracy: 1 } });
    expect(out.fit).toBe(fit);
    model.dispose();
  });

  it('is off by default and needs a validation set', () => {
    expect(createAveraging(config(null), tmp(), true)).toBeNull();
    expect(() => createAveraging(config({ kind: 'best', k: 3 }), tmp(), false)).toThrow(ConfigError);
    expect(() => config({ kind: 'best', k: 1 })).toThrow(/train\.average\.k/);
  });
});
