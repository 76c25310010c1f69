import { describe, expect, it } from 'vitest';
import type { AudioRecord } from '@spectromix/datasets';
import { resolveRunConfig } from '../config/resolve.js';
import { foldCount, protocolOf } from '../config/protocol.js';
import { foldIndex } from '../commands/train.js';
import { checkFoldFlag } from '../commands/fold-flag.js';
import { ConfigError } from '../errors.js';
import { resolveSplit } from './splits.js';

/** 4 classes x 6 speakers x 5 clips; speaker s5 is to be left out. */
const records: AudioRecord[] = [];
for (let c = 0; c < 4; c++) for (let s = 0; s < 6; s++) for (let i = 0; i < 5; i++) records.push({ path: `/d/s${s}/c${c}-${i}.wav`, label: `c${c}`, labelIndex: c, speaker: `s${s}`, meta: {} });

const split = (over: Record<string, unknown> = {}): ReturnType<typeof resolveRunConfig>['config']['data']['split'] =>
  resolveRunConfig({ flags: { data: { split: { kind: 'stratified-clips', speakers: ['s0', 's1', 's2', 's3', 's4'], ...over } } } }).config.data.split;

describe("data.split 'stratified-clips'", () => {
  it('fills its defaults from the schema (5 folds, fold 0, seed 0, 10% validation)', () => {
    const s = resolveRunConfig({ flags: { data: { split: { kind: 'stratified-clips' } } } }).config.data.split;
    expect(s).toEqual({ kind: 'stratified-clips', k: 5, fold: 0, seed: 0, validation: 0.1, speakers: null });
    expect(protocolOf(s)).toBe('clip-level');
    expect(foldCount(s)).toBe(5);
  });

  it('tests each listed clip once over the folds, validates on training clips only, and shares speakers', () => {
    const tested: number[] = [];
    for (let fold = 0; fold < 5; fold++) {
      const s = resolveSplit(records, split({ fold }), 0);
      tested.push(...s.test);
      const all = [...s.train, ...s.validation, ...s.test];
      expect(new Set(all).size).toBe(all.length); // disjoint
      expect(all.length).toBe(4 * 5 * 5); // s5 left out
      expect(all.some((i) => records[i]?.speaker === 's5')).toBe(false);
      // stratified: 25 clips per class, 5 per class per fold, validation 10% of 20 = 2 per class
      for (let c = 0; c < 4; c++) {
        expect(s.test.filter((i) => records[i]?.labelIndex === c)).toHaveLength(5);
        expect(s.validation.filter((i) => records[i]?.labelIndex === c)).toHaveLength(2);
      }
      const trainSpeakers = new Set(s.train.map((i) => records[i]?.speaker));
      expect(s.test.some((i) => trainSpeakers.has(records[i]?.speaker))).toBe(true);
      expect(s.description).toMatch(/speakers shared between train and test/);
    }
    expect(tested.sort((a, b) => a - b)).toEqual(records.flatMap((r, i) => (r.speaker === 's5' ? [] : [i])));
  });

  it('keeps folds and validation fixed across run seeds; the split seed changes them', () => {
    expect(resolveSplit(records, split(), 7)).toEqual(resolveSplit(records, split(), 0));
    expect(resolveSplit(records, split({ seed: 1 }), 0).test).not.toEqual(resolveSplit(records, split(), 0).test);
  });

  it('refuses unknown speakers and folds out of range; --fold takes numbers below k', () => {
    expect(() => resolveSplit(records, split({ speakers: ['s9'] }), 0)).toThrow(/unknown speaker/);
    expect(() => resolveSplit(records, split({ fold: 5 }), 0)).toThrow(ConfigError);
    const config = resolveRunConfig({ flags: { data: { split: { kind: 'stratified-clips' } } } }).config;
    expect(foldIndex(config, '3')).toBe(3);
    expect(() => foldIndex(config, 'Actor_01')).toThrow(/fold number/);
    const inputs = { flags: { data: { split: { kind: 'stratified-clips', k: 3 } } } };
    expect(() => checkFoldFlag('2', inputs)).not.toThrow();
    expect(() => checkFoldFlag('all', inputs)).not.toThrow();
    expect(() => checkFoldFlag('3', inputs)).toThrow(/0 to 2/);
  });
});
