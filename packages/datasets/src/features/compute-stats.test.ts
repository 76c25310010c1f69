import { describe, expect, it } from 'vitest';
import { FeatureMissingError } from '../errors.js';
import { computeStats } from './compute-stats.js';
import { MemoryFeatureStore } from './feature-store.js';

function store(): MemoryFeatureStore {
  const rows = Array.from({ length: 5 }, (_, r) => Float32Array.from({ length: 12 }, (_, i) => r * 3 + Math.sin(i) * (r + 1)));
  return new MemoryFeatureStore([...rows, null], 4, 3, [{ path: '/x.wav', reason: 'corrupt', index: 5 }]);
}

function exact(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(v) };
}

describe('computeStats', () => {
  it('is the exact mean and unbiased std when the rows fit one chunk, skipping missing rows', () => {
    const s = store();
    const all = [0, 1, 2, 3, 4].flatMap((i) => Array.from(s.get(i)));
    const got = computeStats(s, [0, 1, 2, 3, 4, 5]);
    const want = exact(all);
    expect(got.mean).toBeCloseTo(want.mean, 10);
    expect(got.std).toBeCloseTo(want.std, 10);
  });

  it('averages per-chunk means and stds like AST get_norm_stats.py', () => {
    const s = store();
    const a = exact([0, 1].flatMap((i) => Array.from(s.get(i))));
    const b = exact([2, 3].flatMap((i) => Array.from(s.get(i))));
    const c = exact(Array.from(s.get(4)));
    const got = computeStats(s, [0, 1, 2, 3, 4], { batchSize: 2 });
    expect(got.mean).toBeCloseTo((a.mean + b.mean + c.mean) / 3, 10);
    expect(got.std).toBeCloseTo((a.std + b.std + c.std) / 3, 10);
  });

  it('refuses a split without features', () => {
    expect(() => computeStats(store(), [5])).toThrow(FeatureMissingError);
  });
});
