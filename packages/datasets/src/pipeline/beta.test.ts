import { SeededRng } from '@spectromix/tensor';
import { describe, expect, it } from 'vitest';
import { sampleBeta, sampleGamma } from './beta.js';
import { mixSeeds } from './seeds.js';

function moments(draw: () => number, n = 20000): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    s += v;
    s2 += v * v;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('sampleGamma / sampleBeta', () => {
  it('match the moments of Gamma(k) and Beta(a, a)', () => {
    const rng = new SeededRng(1);
    for (const k of [0.5, 2, 10]) {
      const m = moments(() => sampleGamma(k, rng));
      expect(m.mean).toBeCloseTo(k, 0);
      expect(m.variance / k).toBeGreaterThan(0.9);
      expect(m.variance / k).toBeLessThan(1.1);
    }
    for (const a of [0.4, 10]) {
      const m = moments(() => sampleBeta(a, a, rng));
      expect(m.mean).toBeCloseTo(0.5, 1);
      const expected = 1 / (4 * (2 * a + 1));
      expect(m.variance / expected).toBeGreaterThan(0.93);
      expect(m.variance / expected).toBeLessThan(1.07);
    }
  });
});

describe('mixSeeds', () => {
  it('is deterministic and spreads nearby inputs', () => {
    expect(mixSeeds(1, 2, 3)).toBe(mixSeeds(1, 2, 3));
    const seeds = new Set<number>();
    for (let e = 0; e < 50; e++) for (let b = 0; b < 50; b++) seeds.add(mixSeeds(7, e, b));
    expect(seeds.size).toBe(2500);
    expect(mixSeeds(1, 2)).not.toBe(mixSeeds(2, 1));
  });
});
