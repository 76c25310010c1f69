import { describe, expect, it } from 'vitest';
import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';
import { officialValidation } from './official-validation.js';

const rec = (i: number, split?: AudioRecord['split']): AudioRecord => ({ path: `/d/${i}.wav`, label: 'a', labelIndex: 0, meta: {}, ...(split ? { split } : {}) });

describe('officialValidation', () => {
  it("validates on the 'test' and 'validation' takes, trains on the 'train' ones, drops records without a split", () => {
    const rs = [rec(0, 'train'), rec(1, 'test'), rec(2), rec(3, 'validation'), rec(4, 'train')];
    const s = officialValidation(rs);
    expect(s.train).toEqual([rs[0], rs[4]]);
    expect(s.validation).toEqual([rs[1], rs[3]]);
  });

  it('refuses data without held-out takes', () => {
    expect(() => officialValidation([rec(0, 'train'), rec(1)])).toThrow(SplitError);
  });
});
