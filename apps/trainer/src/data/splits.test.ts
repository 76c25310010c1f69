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

  it('all: every clip trains, nothing validates or tests', () => {
    const s = resolveSplit(records, { kind: 'all' }, 0);
    expect(s.train).toEqual(records.map((_, i) => i));
    expect([s.validation.length, s.test.length]).toEqual([0, 0]);
    expect(s.description).toMatch(/every clip trains/);
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
    expect(() => resolveSplit(records, { kind: 'hold-out-speakers', test: ['zed'], validation: 'official' }, 0)).toThrow(/data.split does not fit.*no records of 'zed'/);
  });

  const speakersOf = (rows: number[]): Set<string> => new Set(rows.map((i) => records[i]!.speaker!));

  it('folds with nextFold validation: the test fold never validates or trains; the next fold\'s first groups validate', () => {
    const folds = [['ann', 'bob'], ['cid', 'dee']];
    const s = resolveSplit(records, { kind: 'folds', by: 'speaker', folds, fold: 1, validation: { nextFold: 1 } }, 0);
    expect(speakersOf(s.test)).toEqual(new Set(['cid', 'dee']));
    expect(speakersOf(s.validation)).toEqual(new Set(['ann']));
    expect(speakersOf(s.train)).toEqual(new Set(['bob']));
    expect(s.description).toMatch(/ann \(from fold 0\) validate/);
    const t = resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann'], ['bob'], ['cid', 'dee']], fold: 0, validation: { nextFold: 1 } }, 0);
    expect([speakersOf(t.test), speakersOf(t.validation), speakersOf(t.train)]).toEqual([new Set(['ann']), new Set(['bob']), new Set(['cid', 'dee'])]);
    expect(() => resolveSplit(records, { kind: 'folds', by: 'speaker', folds, fold: 0, validation: { nextFold: 3 } }, 0)).toThrow(/lists only 2/);
    expect(() => resolveSplit(records, { kind: 'folds', by: 'speaker', folds, fold: 0, validation: { nextFold: 2 } }, 0)).toThrow(/nothing to train on/);
  });

  it('folds with official validation: leave-one-speaker-out, the others\' held-out takes validate and are never trained on', () => {
    const s = resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann'], ['bob'], ['cid'], ['dee']], fold: 2, validation: 'official' }, 0);
    expect(speakersOf(s.test)).toEqual(new Set(['cid']));
    expect(s.test.length).toBe(3);
    expect(speakersOf(s.validation)).toEqual(new Set(['ann', 'bob', 'dee']));
    expect(s.validation.every((i) => records[i]!.split === 'test')).toBe(true);
    expect(s.train.every((i) => records[i]!.split === 'train' && records[i]!.speaker !== 'cid')).toBe(true);
    expect([s.train.length, s.validation.length]).toEqual([6, 3]);
  });

  it('folds with test-fold validation (runs made before inner validation): the fold validates and tests, the rest trains', () => {
    const s = resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann', 'bob'], ['cid', 'dee']], fold: 1, validation: 'test-fold' }, 0);
    expect(s.validation).toEqual(s.test);
    expect(s.description).toMatch(/chosen on the test fold/);
    expect(speakersOf(s.test)).toEqual(new Set(['cid', 'dee']));
    expect(s.train.length).toBe(6);
    const f = resolveSplit(records, { kind: 'folds', by: 'fold', folds: [[1], [2], [3, 4]], fold: 2, validation: 'test-fold' }, 0);
    expect(f.test.length).toBe(6);
    expect(() => resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann'], ['eve']], fold: 0, validation: { nextFold: 1 } }, 0)).toThrow(ConfigError);
    expect(() => resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann'], ['ann']], fold: 0, validation: { nextFold: 1 } }, 0)).toThrow(/one fold/);
    expect(() => resolveSplit(records, { kind: 'folds', by: 'speaker', folds: [['ann'], ['bob']], fold: 5, validation: { nextFold: 1 } }, 0)).toThrow(/only 2 folds/);
  });

  it('random split is seeded and disjoint', () => {
    const a = resolveSplit(records, { kind: 'random', validation: 0.25, test: 0.25 }, 4);
    expect(resolveSplit(records, { kind: 'random', validation: 0.25, test: 0.25 }, 4)).toEqual(a);
    expect(new Set([...a.train, ...a.validation, ...a.test]).size).toBe(records.length);
    expect(() => resolveSplit(records, { kind: 'random', validation: 0.5, test: 0.5 }, 0)).toThrow(/sum < 1/);
  });
});
