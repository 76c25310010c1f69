import { describe, expect, it } from 'vitest';
import { loadReference } from '../test-utils/fixtures.js';
import { createLrSchedule } from './lr-schedule.js';
import { TrainConfigError } from '../errors.js';

const ref = loadReference().schedules;
const at = (epoch: number, step = 0) => ({ epoch, step, stepsPerEpoch: 10, totalEpochs: 20 });

describe('learning-rate schedules', () => {
  it("AST's schedule equals torch MultiStepLR(range(start, 1000, step), gamma) stepped per epoch", () => {
    for (const key of ['ast', 'astStep3']) {
      const r = ref[key]!;
      const s = createLrSchedule({ kind: 'ast', lr: r.lr, start: r.start, step: r.step, gamma: r.gamma, interval: 'epoch' });
      r.lrs.forEach((lr, epoch) => expect(s(at(epoch, epoch * 10))).toBeCloseTo(lr, 15));
    }
  });

  it("the paper's recipe: 2.5e-4 for five epochs, then x0.85 per epoch", () => {
    const s = createLrSchedule({ kind: 'ast', lr: 2.5e-4, start: 5, step: 1, gamma: 0.85, interval: 'epoch' });
    expect([0, 4, 5, 6].map((e) => s(at(e)))).toEqual([2.5e-4, 2.5e-4, 2.5e-4 * 0.85, 2.5e-4 * 0.85 ** 2]);
  });

  it('per-step AST counts optimiser steps, per-epoch ignores them', () => {
    const perStep = createLrSchedule({ kind: 'ast', lr: 1, start: 3, step: 2, gamma: 0.5, interval: 'step' });
    expect([0, 2, 3, 4, 5].map((step) => perStep(at(0, step)))).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it('warmup + cosine: linear ramp, peak at the end of warmup, cosine to the floor', () => {
    const s = createLrSchedule({ kind: 'warmup-cosine', lr: 1e-3, warmup: 10, minLr: 1e-5, interval: 'step' });
    const total = 20 * 10;
    expect(s(at(0, 0))).toBe(0);
    expect(s(at(0, 5))).toBeCloseTo(5e-4, 15);
    expect(s(at(1, 10))).toBeCloseTo(1e-3, 15);
    expect(s(at(10, 10 + (total - 10) / 2))).toBeCloseTo(1e-5 + (1e-3 - 1e-5) / 2, 15);
    expect(s(at(19, total))).toBeCloseTo(1e-5, 15);
    const perEpoch = createLrSchedule({ kind: 'warmup-cosine', lr: 1, warmup: 0, minLr: 0, interval: 'epoch' });
    expect(perEpoch(at(10, 123))).toBeCloseTo(0.5, 12);
  });

  it('constant is constant, and bad values raise typed errors', () => {
    expect(createLrSchedule({ kind: 'constant', lr: 3e-4 })(at(7, 70))).toBe(3e-4);
    expect(() => createLrSchedule({ kind: 'constant', lr: -1 })).toThrow(TrainConfigError);
    expect(() => createLrSchedule({ kind: 'ast', lr: 1, start: 5, step: 0, gamma: 0.85, interval: 'epoch' })).toThrow(/step/);
    expect(() => createLrSchedule({ kind: 'ast', lr: 1, start: 5, step: 1, gamma: 1.5, interval: 'epoch' })).toThrow(/gamma/);
    expect(() => createLrSchedule({ kind: 'warmup-cosine', lr: 1e-4, warmup: 1, minLr: 1e-3, interval: 'epoch' })).toThrow(/minLr/);
  });
});
