import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { createLoss, type BatchSource, type TrainBatch } from '@spectromix/train';
import { resolveRunConfig } from '../config/resolve.js';
import { createDistillation, distillationLoss } from './distill.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const base = createLoss('softmax-ce');
// Two samples, three classes. The expected values were computed by hand (Python's math module, no tensor library):
// CE(s, y) = 1.50164..., soft: T^2 KL(softmax(t / 2) || softmax(s / 2)) with T = 2, hard: CE(s, argmax t = [0, 1]).
const student = (): tf.Tensor2D => tf.tensor2d([[1, 2, 0], [0.5, -1, 3]]);
const teacher = (): tf.Tensor2D => tf.tensor2d([[2, 0, 1], [0, 0.5, -2]]);
const targets = (): tf.Tensor2D => tf.tensor2d([[0, 1, 0], [1, 0, 0]]);

describe('distillationLoss', () => {
  it('soft: (1 - alpha) CE + alpha T^2 KL, as hand-computed', async () => {
    const l = distillationLoss(student(), teacher(), targets(), { alpha: 0.3, temperature: 2, kind: 'soft' }, base);
    expect((await l.data())[0]).toBeCloseTo(1.6626991979688182, 5);
  });

  it("hard: (1 - alpha) CE + alpha CE against the teacher's argmax, as hand-computed", async () => {
    const l = distillationLoss(student(), teacher(), targets(), { alpha: 0.3, temperature: 2, kind: 'hard' }, base);
    expect((await l.data())[0]).toBeCloseTo(1.8766401469293814, 5);
  });

  it('alpha 0 is the plain loss; a teacher equal to the student adds nothing in soft mode', async () => {
    const plain = (await base(student(), targets()).data())[0] as number;
    expect((await distillationLoss(student(), teacher(), targets(), { alpha: 0, temperature: 3, kind: 'soft' }, base).data())[0]).toBeCloseTo(plain, 6);
    expect((await distillationLoss(student(), student(), targets(), { alpha: 1, temperature: 3, kind: 'soft' }, base).data())[0]).toBeCloseTo(0, 6);
  });

  it('the gradient flows into the student only', () => {
    const s = tf.variable(student());
    const { grads } = tf.variableGrads(() => distillationLoss(s, teacher(), targets(), { alpha: 0.5, temperature: 2, kind: 'soft' }, base), [s]);
    expect(grads[s.name]?.shape).toEqual([2, 3]);
  });
});

describe('createDistillation', () => {
  it('adds the term on the batch the teacher just saw, once; evaluation calls get the plain loss', async () => {
    const seen: number[] = [];
    const teacherModel = {
      forward: (x: tf.Tensor) => {
        seen.push(x.shape[0] as number);
        return teacher();
      },
      trainableParameters: () => new Map(),
      stateDict: () => new Map(),
      loadStateDict: () => undefined,
      train: () => undefined,
      dispose: () => undefined,
    };
    const source: BatchSource = {
      batchesPerEpoch: 1,
      async *epoch(): AsyncIterable<TrainBatch> {
        yield { x: tf.zeros([2, 4]), y: targets(), labels: [1, 0], size: 2 };
      },
    };
    const d = createDistillation(teacherModel, source, { alpha: 0.3, temperature: 2, kind: 'soft' }, base);
    const plain = (await base(student(), targets()).data())[0] as number;
    expect((await d.loss(student(), targets()).data())[0]).toBeCloseTo(plain, 6); // no batch yet: plain
    for await (const b of d.train.epoch(0)) {
      expect(b.size).toBe(2);
      expect((await d.loss(student(), targets()).data())[0]).toBeCloseTo(1.6626991979688182, 5);
      expect((await d.loss(student(), targets()).data())[0]).toBeCloseTo(plain, 6); // second call: evaluation
    }
    expect(seen).toEqual([2]);
    d.dispose();
  });

  it('train.distill defaults to DeiT: hard, alpha 0.5', () => {
    const { config } = resolveRunConfig({ flags: { train: { distill: { teacher: 'runs/cnn' } } } });
    expect(config.train.distill).toEqual({ teacher: 'runs/cnn', alpha: 0.5, temperature: 1, kind: 'hard' });
    expect(resolveRunConfig({}).config.train.distill).toBeNull();
  });
});
