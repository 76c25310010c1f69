import { describe, expect, it } from 'vitest';
import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';
import { randomSplit } from './random-split.js';

const records: AudioRecord[] = Array.from({ length: 40 }, (_, i) => ({ path: `/d/${i}.wav`, label: 'a', labelIndex: 0, meta: {} }));

describe('randomSplit', () => {
  it('is seeded, disjoint, complete, sized by rounding and keeps the records order in each subset', () => {
    const a = randomSplit(records, { validation: 0.25, test: 0.1, seed: 4 });
    expect(randomSplit(records, { validation: 0.25, test: 0.1, seed: 4 })).toEqual(a);
    expect(randomSplit(records, { validation: 0.25, test: 0.1, seed: 5 })).not.toEqual(a);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([26, 10, 4]);
    expect(new Set([...a.train, ...a.validation, ...a.test]).size).toBe(40);
    for (const subset of [a.train, a.validation, a.test]) expect(subset).toEqual([...subset].sort((x, y) => records.indexOf(x) - records.indexOf(y)));
  });

  it('refuses fractions that leave nothing to train on', () => {
    expect(() => randomSplit(records, { validation: 0.5, test: 0.5, seed: 0 })).toThrow(SplitError);
    expect(() => randomSplit(records, { validation: -0.1, test: 0.5, seed: 0 })).toThrow(/sum < 1/);
  });
});
