import { describe, expect, it } from 'vitest';
import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';
import { foldSplit } from './fold-split.js';
import { holdOutSpeakers } from './hold-out-speakers.js';
import { officialSplit } from './official-split.js';
import { speakerKFold } from './speaker-kfold.js';

function rec(i: number, extra: Partial<AudioRecord>): AudioRecord {
  return { path: `/d/${i}.wav`, label: 'a', labelIndex: 0, meta: {}, ...extra };
}

/** 10 speakers (s0..s9, even = female), 3 clips each. */
const speakers = Array.from({ length: 30 }, (_, i) => {
  const s = Math.floor(i / 3);
  return rec(i, { speaker: `s${s}`, meta: { gender: s % 2 === 0 ? 'female' : 'male' } });
});

describe('speakerKFold', () => {
  it('holds every speaker out exactly once and never lets a speaker cross train/test', () => {
    const folds = speakerKFold(speakers, 5, { seed: 3 });
    expect(folds).toHaveLength(5);
    const held = folds.flatMap((f) => f.heldOut).sort();
    expect(held).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']);
    for (const f of folds) {
      const trainSpeakers = new Set(f.train.map((r) => r.speaker));
      for (const r of f.test) expect(trainSpeakers.has(r.speaker)).toBe(false);
      expect(f.train.length + f.test.length).toBe(30);
    }
  });

  it('balances folds by a key such as gender', () => {
    for (const seed of [0, 1, 2, 99]) {
      const folds = speakerKFold(speakers, 5, { seed, balanceBy: (r) => String(r.meta.gender) });
      for (const f of folds) {
        const genders = f.heldOut.map((s) => (Number(s.slice(1)) % 2 === 0 ? 'female' : 'male')).sort();
        expect(genders).toEqual(['female', 'male']);
      }
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = speakerKFold(speakers, 5, { seed: 7 }).map((f) => f.heldOut);
    const b = speakerKFold(speakers, 5, { seed: 7 }).map((f) => f.heldOut);
    const c = speakerKFold(speakers, 5, { seed: 8 }).map((f) => f.heldOut);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('rejects k out of range, records without speaker and a key that varies within a speaker', () => {
    expect(() => speakerKFold(speakers, 11)).toThrow(SplitError);
    expect(() => speakerKFold(speakers, 1)).toThrow('2..10');
    expect(() => speakerKFold([rec(0, {})], 2)).toThrow('has no speaker');
    const mixed = [...speakers, rec(99, { speaker: 's0', meta: { gender: 'male' } })];
    expect(() => speakerKFold(mixed, 2, { balanceBy: (r) => String(r.meta.gender) })).toThrow('speaker \'s0\'');
  });
});

describe('holdOutSpeakers', () => {
  it('puts exactly the listed speakers in test', () => {
    const { train, test } = holdOutSpeakers(speakers, ['s2', 's9']);
    expect(new Set(test.map((r) => r.speaker))).toEqual(new Set(['s2', 's9']));
    expect(train.some((r) => r.speaker === 's2' || r.speaker === 's9')).toBe(false);
    expect(train).toHaveLength(24);
  });

  it('refuses an unknown speaker', () => {
    expect(() => holdOutSpeakers(speakers, ['s10'])).toThrow("no records of 's10'");
  });
});

describe('officialSplit and foldSplit', () => {
  it('groups by split field', () => {
    const rs = [rec(0, { split: 'train' }), rec(1, { split: 'test' }), rec(2, { split: 'validation' }), rec(3, { split: 'train' })];
    const s = officialSplit(rs);
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([2, 1, 1]);
    expect(() => officialSplit([rec(0, {})])).toThrow(SplitError);
  });

  it('holds one fold out and checks the fold exists', () => {
    const rs = Array.from({ length: 20 }, (_, i) => rec(i, { fold: (i % 10) + 1 }));
    const { train, test } = foldSplit(rs, 3);
    expect(test.map((r) => r.fold)).toEqual([3, 3]);
    expect(train).toHaveLength(18);
    expect(() => foldSplit(rs, 11)).toThrow('no record is in fold 11');
    expect(() => foldSplit([rec(0, {})], 1)).toThrow('has no fold');
  });
});
