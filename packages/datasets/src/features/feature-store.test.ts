import { describe, expect, it } from 'vitest';
import { DatasetOptionsError, FeatureMissingError } from '../errors.js';
import { MemoryFeatureStore } from './feature-store.js';

describe('MemoryFeatureStore', () => {
  it('returns copies of its rows and reports missing ones with the reason', () => {
    const row = Float32Array.from([1, 2, 3, 4]);
    const s = new MemoryFeatureStore([row, null], 2, 2, [{ path: '/b.wav', reason: 'NaN samples', index: 1 }]);
    expect([s.length, s.has(0), s.has(1)]).toEqual([2, true, false]);
    const got = s.get(0);
    got[0] = 99;
    expect(s.get(0)[0]).toBe(1);
    expect(() => s.get(1)).toThrow(FeatureMissingError);
    expect(() => s.get(1)).toThrow('NaN samples');
    expect(() => s.get(2)).toThrow(DatasetOptionsError);
    expect(() => new MemoryFeatureStore([new Float32Array(3)], 2, 2)).toThrow('expected 2 x 2 = 4');
  });
});
