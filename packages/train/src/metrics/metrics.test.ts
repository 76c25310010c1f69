import { describe, expect, it } from 'vitest';
import { loadReference } from '../test-utils/fixtures.js';
import { classificationMetrics } from './report.js';
import { averagePrecisionScore, rocAucScore } from './ranking.js';
import { accuracy, argmaxRows, confusionMatrix } from './classification.js';
import { bestEpoch, kFoldSummary } from './selection.js';

const ref = loadReference().metrics;

describe('metrics match sklearn (numpy re-implementation in scripts/make_fixtures.py)', () => {
  const m = classificationMetrics(ref.scores, ref.labels, ref.k);

  it('per-class ROC AUC and their mean (tied scores included)', () => {
    m.auc.forEach((v, c) => expect(v).toBeCloseTo(ref.auc[c]!, 12));
    expect(m.macroAuc).toBeCloseTo(ref.macroAuc, 12);
  });

  it('per-class average precision and mAP', () => {
    m.ap.forEach((v, c) => expect(v).toBeCloseTo(ref.ap[c]!, 12));
    expect(m.mAP).toBeCloseTo(ref.mAP, 12);
  });

  it('accuracy, confusion matrix, precision, recall, F1', () => {
    expect(m.accuracy).toBeCloseTo(ref.accuracy, 12);
    expect(m.confusion).toEqual(ref.confusion);
    m.perClass.precision.forEach((v, c) => expect(v).toBeCloseTo(ref.precision[c]!, 12));
    m.perClass.recall.forEach((v, c) => expect(v).toBeCloseTo(ref.recall[c]!, 12));
    m.perClass.f1.forEach((v, c) => expect(v).toBeCloseTo(ref.f1[c]!, 12));
    expect(m.perClass.support.reduce((a, b) => a + b, 0)).toBe(ref.n);
  });
});

describe('metric edge cases', () => {
  it('perfect and inverted rankings, and undefined AUC/AP', () => {
    expect(rocAucScore([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAucScore([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(rocAucScore([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(rocAucScore([1, 1], [0.1, 0.2])).toBeNaN();
    expect(averagePrecisionScore([0, 0], [0.1, 0.2])).toBeNaN();
    expect(averagePrecisionScore([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])).toBe(1);
  });

  it('argmax picks the first maximum, accuracy and confusion count correctly', () => {
    expect(Array.from(argmaxRows([1, 3, 3, 0, 0, 0], 3))).toEqual([1, 0]);
    expect(accuracy([0, 1, 2], [0, 2, 2])).toBeCloseTo(2 / 3, 15);
    expect(confusionMatrix([0, 1, 1], [0, 0, 1], 2)).toEqual([[1, 0], [1, 1]]);
    expect(() => confusionMatrix([3], [0], 2)).toThrow(/outside/);
  });

  it("model selection: first best epoch; k-fold by AST's rule (best epoch of the fold mean)", () => {
    expect(bestEpoch([0.5, 0.7, 0.7, Number.NaN, 0.6])).toBe(1);
    expect(bestEpoch([0.5, 0.3, 0.4], 'min')).toBe(1);
    const s = kFoldSummary([
      [0.5, 0.9, 0.6],
      [0.5, 0.6, 0.95],
    ]);
    // fold means per epoch: 0.5, 0.75, 0.775 -> epoch 2, although fold 0 peaks at epoch 1
    expect(s.bestEpoch).toBe(2);
    expect(s.perFold).toEqual([0.6, 0.95]);
    expect(s.mean).toBeCloseTo(0.775, 15);
    expect(s.last.mean).toBeCloseTo(0.775, 15);
    expect(() => kFoldSummary([[1, 2], [1]])).toThrow(/same number of epochs/);
  });
});
