import { describe, expect, it } from 'vitest';
import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';
import { foldContaining, listedFoldSplit, validationGroups, type ListedFoldsOptions } from './listed-folds.js';

/** 4 speakers (ann, bob, cid, dee), each with 2 'train' takes and 1 'test' take, in official folds 1..4. */
const records: AudioRecord[] = ['ann', 'bob', 'cid', 'dee'].flatMap((speaker, i) =>
  (['train', 'train', 'test'] as const).map((split, take) => ({ path: `/d/${speaker}-${take}.wav`, label: 'a', labelIndex: 0, speaker, split, fold: i + 1, meta: {} })),
);
const speakersOf = (rs: AudioRecord[]): string[] => [...new Set(rs.map((r) => r.speaker as string))].sort();
const bySpeaker = (folds: string[][], testFold: number, validation: ListedFoldsOptions['validation']): ListedFoldsOptions => ({ by: 'speaker', folds, testFold, validation });

describe('listedFoldSplit', () => {
  it('{ nextFold: n }: the first n groups of the next fold validate and never train; the test fold only tests', () => {
    const s = listedFoldSplit(records, bySpeaker([['ann', 'bob'], ['cid', 'dee']], 1, { nextFold: 1 }));
    expect([speakersOf(s.train), speakersOf(s.validation), speakersOf(s.test)]).toEqual([['bob'], ['ann'], ['cid', 'dee']]);
    expect(validationGroups(bySpeaker([['ann', 'bob'], ['cid', 'dee']], 1, { nextFold: 1 }))).toEqual(['ann']);
    const wrap = listedFoldSplit(records, bySpeaker([['ann'], ['bob'], ['cid', 'dee']], 2, { nextFold: 1 }));
    expect([speakersOf(wrap.train), speakersOf(wrap.validation), speakersOf(wrap.test)]).toEqual([['bob'], ['ann'], ['cid', 'dee']]);
  });

  it("'official': the other groups' held-out takes validate and are never trained on", () => {
    const s = listedFoldSplit(records, bySpeaker([['ann'], ['bob'], ['cid'], ['dee']], 2, 'official'));
    expect(speakersOf(s.test)).toEqual(['cid']);
    expect(s.validation.every((r) => r.split === 'test' && r.speaker !== 'cid')).toBe(true);
    expect(s.train.every((r) => r.split === 'train' && r.speaker !== 'cid')).toBe(true);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([6, 3, 3]);
  });

  it("'test-fold' validates on the test fold; by: 'fold' groups by official fold number; records keep their order", () => {
    const s = listedFoldSplit(records, { by: 'fold', folds: [[1], [2], [3, 4]], testFold: 2, validation: 'test-fold' });
    expect(s.validation).toBe(s.test);
    expect(s.test).toEqual(records.slice(6));
    expect(s.train).toEqual(records.slice(0, 6));
  });

  it('leaves out records of groups no fold lists', () => {
    const s = listedFoldSplit(records, bySpeaker([['ann'], ['bob']], 0, 'test-fold'));
    expect(speakersOf([...s.train, ...s.test])).toEqual(['ann', 'bob']);
  });

  it('rejects what does not fit, with a SplitError that says why', () => {
    const rejects = (o: ListedFoldsOptions, message: RegExp): void => {
      expect(() => listedFoldSplit(records, o)).toThrow(SplitError);
      expect(() => listedFoldSplit(records, o)).toThrow(message);
    };
    rejects(bySpeaker([['ann'], ['bob']], 5, 'test-fold'), /only 2 folds/);
    rejects(bySpeaker([['ann'], ['eve']], 0, 'test-fold'), /'eve', which has no records/);
    rejects(bySpeaker([['ann'], ['ann']], 0, 'test-fold'), /each belongs to one fold/);
    rejects(bySpeaker([['ann', 'bob'], ['cid', 'dee']], 0, { nextFold: 3 }), /lists only 2/);
    rejects(bySpeaker([['ann', 'bob'], ['cid', 'dee']], 0, { nextFold: 2 }), /nothing to train on/);
    const noTakes = records.map((r) => ({ ...r, split: 'train' as const }));
    expect(() => listedFoldSplit(noTakes, bySpeaker([['ann'], ['bob']], 0, 'official'))).toThrow(/official test\/validation subset/);
  });
});

describe('foldContaining', () => {
  it('finds the fold of a speaker or fold number, -1 for none', () => {
    expect(foldContaining([['george'], ['jackson']], 'jackson')).toBe(1);
    expect(foldContaining([[1, 2], [3]], '3')).toBe(1);
    expect(foldContaining([['george']], 'theo')).toBe(-1);
  });
});
