import { describe, expect, it } from 'vitest';
import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';
import { stratifiedHoldOut } from './stratified-hold-out.js';
import { stratifiedKFold } from './stratified-kfold.js';

/** 3 classes of 20, 15 and 11 clips over 4 speakers. */
const clips: AudioRecord[] = [20, 15, 11].flatMap((n, c) =>
  Array.from({ length: n }, (_, i) => ({ path: `/d/c${c}-${i}.wav`, label: `c${c}`, labelIndex: c, speaker: `s${i % 4}`, meta: {} })),
);
const count = (rs: AudioRecord[], c: number): number => rs.filter((r) => r.labelIndex === c).length;

describe('stratifiedKFold', () => {
  it('tests every clip exactly once, each fold holding every class in proportion', () => {
    const folds = stratifiedKFold(clips, 5, { seed: 1 });
    const tested = folds.flatMap((f) => f.test.map((r) => r.path)).sort();
    expect(tested).toEqual(clips.map((r) => r.path).sort());
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(clips.length);
      expect(new Set([...f.train, ...f.test].map((r) => r.path)).size).toBe(clips.length);
      // 20 / 5 = 4 per fold exactly; 15 -> 3; 11 -> 2 or 3
      expect(count(f.test, 0)).toBe(4);
      expect(count(f.test, 1)).toBe(3);
      expect([2, 3]).toContain(count(f.test, 2));
    }
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('shares speakers between train and test (the clip-level protocol)', () => {
    const [f] = stratifiedKFold(clips, 5);
    const trainSpeakers = new Set(f?.train.map((r) => r.speaker));
    expect(f?.test.every((r) => trainSpeakers.has(r.speaker))).toBe(true);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const paths = (seed: number): string[][] => stratifiedKFold(clips, 5, { seed }).map((f) => f.test.map((r) => r.path));
    expect(paths(3)).toEqual(paths(3));
    expect(paths(3)).not.toEqual(paths(4));
  });

  it('refuses k out of range', () => {
    expect(() => stratifiedKFold(clips, 1)).toThrow(SplitError);
    expect(() => stratifiedKFold(clips, 12)).toThrow('2..11');
  });
});

describe('stratifiedHoldOut', () => {
  it('holds out the fraction of every class, disjoint from the rest', () => {
    const { train, holdOut } = stratifiedHoldOut(clips, 0.2, 5);
    expect([count(holdOut, 0), count(holdOut, 1), count(holdOut, 2)]).toEqual([4, 3, 2]);
    expect(train.length + holdOut.length).toBe(clips.length);
    const held = new Set(holdOut.map((r) => r.path));
    expect(train.some((r) => held.has(r.path))).toBe(false);
    expect(stratifiedHoldOut(clips, 0.2, 5).holdOut).toEqual(holdOut);
  });

  it('refuses a fraction outside (0, 1)', () => {
    expect(() => stratifiedHoldOut(clips, 0)).toThrow(SplitError);
    expect(() => stratifiedHoldOut(clips, 1)).toThrow('(0, 1)');
  });
});
