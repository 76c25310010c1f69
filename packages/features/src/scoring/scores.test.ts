import { describe, expect, it } from 'vitest';
import { probabilities, rankLabels, scoreRows } from './scores.js';

describe('probabilities', () => {
  it('softmax sums to 1 and matches exp(x)/sum(exp)', () => {
    const p = probabilities([1, 2, 3], 'softmax');
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(p[0]).toBeCloseTo(Math.exp(1) / z, 12);
    expect(p[2]).toBeCloseTo(Math.exp(3) / z, 12);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('softmax does not overflow on large logits', () => {
    const p = probabilities([1000, 1001], 'softmax');
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(Number.isFinite(p[0])).toBe(true);
  });

  it('sigmoid is independent per class', () => {
    const p = probabilities([0, 2, -2], 'sigmoid');
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect((p[1] as number) + (p[2] as number)).toBeCloseTo(1, 12);
  });
});

describe('rankLabels', () => {
  it('sorts by probability, most probable first, with labels and indices', () => {
    const ranked = rankLabels([0.1, 0.7, 0.2], ['a', 'b', 'c']);
    expect(ranked.map((s) => s.label)).toEqual(['b', 'c', 'a']);
    expect(ranked[0]).toEqual({ label: 'b', index: 1, probability: 0.7 });
  });

  it('breaks ties by class order, like argmax', () => {
    expect(rankLabels([0.4, 0.2, 0.4], ['a', 'b', 'c']).map((s) => s.index)).toEqual([0, 2, 1]);
  });
});

describe('scoreRows', () => {
  it('ranks every row of a batch of logits, keeping the top k', () => {
    const rows = scoreRows(new Float32Array([0, 3, 1, 5, 0, 0]), ['a', 'b', 'c'], 'softmax', 2);
    expect(rows.map((r) => r.map((s) => s.label))).toEqual([['b', 'c'], ['a', 'b']]);
    expect(rows[0]?.[0]?.probability).toBe(probabilities([0, 3, 1], 'softmax')[1]);
  });
});
