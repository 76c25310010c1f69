import { describe, expect, it } from 'vitest';
import type { AudioRecord } from '@spectromix/datasets';
import { resolveSplit } from './splits.js';
import { ConfigError } from '../errors.js';

const rec = (speaker: string, split: 'train' | 'test', fold?: number): AudioRecord => ({ path: `${speaker}-${split}-${Math.random()}`, label: 'a', labelIndex: 0, speaker, split, ...(fold != null ? { fold } : {}), meta: {} });
const records = ['ann', 'bob', 'cid', 'dee'].flatMap((s, i) => [rec(s, 'train', i + 1), rec(s, 'train', i + 1), rec(s, 'test', i + 1)]);

describe('resolveSplit', () => {
  it('official', () => {
    const s = resolveSplit(records, { kind: 'official' }, 0);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([8, 0, 4]);
  });

  it('hold-out speakers with official validation takes: no speaker of test in train, validation never trained on', () => {
    const s = resolveSplit(records, { kind: 'hold-out-speakers', test: ['dee'], validation: 'official' }, 0);
    expect(s.test.every((i) => records[i]!.speaker === 'dee')).toBe(true);
    expect(s.train.some((i) => records[i]!.speaker === 'dee')).toBe(false);
    expect(s.validation.every((i) => records[i]!.split === 'test' && records[i]!.speaker !== 'dee')).toBe(true);
    expect(s.train.filter((i) => s.validation.includes(i))).toEqual([]);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([6, 3, 3]);
    const v = resolveSplit(records, { kind: 'hold-out-speakers', test: ['dee'], validation: ['cid'] }, 0);
    expect([v.train.length, v.validation.length, v.test.length]).toEqual([6, 3, 3]);
    expect(() => resolveSplit(records, { kind: 'hold-out-speakers', test: ['zed'], validation: 'official' }, 0)).toThrow(/unknown speaker.*zed/);
  });

  it('folds by speaker or official fold: the fold validates and tests, the rest trains', () => {
    const s = resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann', 'bob'], ['cid', 'dee']], fold: 1 }, 0);
    expect(s.validation).toEqual(s.test);
    expect(new Set(s.test.map((i) => records[i]!.speaker))).toEqual(new Set(['cid', 'dee']));
    expect(s.train.length).toBe(6);
    const f = resolveSplit(records, { kind: 'folds', by: 'fold', folds: [[1], [2], [3, 4]], fold: 2 }, 0);
    expect(f.test.length).toBe(6);
    expect(() => resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann'], ['eve']], fold: 0 }, 0)).toThrow(ConfigError);
    expect(() => resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann'], ['ann']], fold: 0 }, 0)).toThrow(/one fold/);
    expect(() => resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann'], ['bob']], fold: 5 }, 0)).toThrow(/only 2 folds/);
  });

  it('random split is seeded and disjoint', () => {
    const a = resolveSplit(records, { kind: 'random', validation: 0.25, test: 0.25 }, 4);
    expect(resolveSplit(records, { kind: 'random', validation: 0.25, test: 0.25 }, 4)).toEqual(a);
    expect(new Set([...a.train, ...a.validation, ...a.test]).size).toBe(records.length);
    expect(() => resolveSplit(records, { kind: 'random', validation: 0.5, test: 0.5 }, 0)).toThrow(/sum < 1/);
  });
});
