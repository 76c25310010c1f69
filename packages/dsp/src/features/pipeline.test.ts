import { describe, expect, it } from 'vitest';
import { SeededRng } from '@spectromix/tensor';
import type { FeatureMatrix } from './feature-matrix.js';
import { padOrCrop } from './pad-or-crop.js';
import { AST_SPEECH_COMMANDS_STATS, normalizeFbank } from './normalize.js';
import { computeFbankStats, FbankStats } from './fbank-stats.js';
import { drawMask, specAugment } from './spec-augment.js';
import { timeRoll } from './time-roll.js';
import { addNoise } from './add-noise.js';
import { FeatureError, FeatureOptionError } from './errors.js';

function matrix(numFrames: number, numBins: number, f: (t: number, b: number) => number): FeatureMatrix {
  const data = new Float32Array(numFrames * numBins);
  for (let t = 0; t < numFrames; t++) for (let b = 0; b < numBins; b++) data[t * numBins + b] = f(t, b);
  return { data, numFrames, numBins };
}

describe('padOrCrop', () => {
  const m = matrix(3, 2, (t, b) => 10 * t + b + 1);
  it('pads with zero rows at the end', () => {
    expect(Array.from(padOrCrop(m, 5).data)).toEqual([1, 2, 11, 12, 21, 22, 0, 0, 0, 0]);
  });
  it('crops the last rows', () => {
    expect(padOrCrop(m, 2)).toEqual({ data: Float32Array.from([1, 2, 11, 12]), numFrames: 2, numBins: 2 });
  });
  it('copies at equal length and rejects a bad target', () => {
    const same = padOrCrop(m, 3);
    expect(same.data).toEqual(m.data);
    expect(same.data).not.toBe(m.data);
    expect(() => padOrCrop(m, 0)).toThrow(FeatureOptionError);
  });
});

describe('normalizeFbank', () => {
  it('computes (x - mean) / (2 std) like AST', () => {
    const m = matrix(1, 3, (_, b) => [-6.845978, 4.284927, -17.976883][b]!);
    const { mean, std } = AST_SPEECH_COMMANDS_STATS;
    const out = normalizeFbank(m, mean, std);
    expect(out.data[0]).toBeCloseTo(0, 6);
    expect(out.data[1]).toBeCloseTo(1, 6);
    expect(out.data[2]).toBeCloseTo(-1, 6);
  });
  it('rejects a zero or non-finite std', () => {
    const m = matrix(1, 1, () => 1);
    expect(() => normalizeFbank(m, 0, 0)).toThrow(/std is 0; expected a finite number > 0/);
    expect(() => normalizeFbank(m, Number.NaN, 1)).toThrow(/mean is NaN/);
  });
});

describe('FbankStats / computeFbankStats', () => {
  const clips = [matrix(4, 3, (t, b) => Math.sin(t * 3 + b) * 5 - 7), matrix(2, 3, (t, b) => t - b), matrix(6, 3, (t, b) => (t * b) % 4)];
  const naive = (values: number[]): { mean: number; std: number } => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
    return { mean, std: Math.sqrt(variance) };
  };

  it('equals the mean and unbiased std over all values (after padding when asked)', async () => {
    const all = clips.flatMap((c) => Array.from(c.data));
    const stats = await computeFbankStats(clips);
    expect(stats.mean).toBeCloseTo(naive(all).mean, 6);
    expect(stats.std).toBeCloseTo(naive(all).std, 6);
    expect(stats).toMatchObject({ count: all.length, clips: 3 });
    const padded = clips.flatMap((c) => Array.from(padOrCrop(c, 5).data));
    const paddedStats = await computeFbankStats((async function* () {
      yield* clips;
    })(), { targetLength: 5 });
    expect(paddedStats.mean).toBeCloseTo(naive(padded).mean, 6);
    expect(paddedStats.std).toBeCloseTo(naive(padded).std, 6);
  });

  it('combines partial accumulators exactly', () => {
    const whole = new FbankStats();
    for (const c of clips) whole.add(c);
    const a = new FbankStats().add(clips[0]!);
    const b = new FbankStats().add(clips[1]!).add(clips[2]!);
    const merged = a.combine(b).result();
    expect(merged.mean).toBeCloseTo(whole.result().mean, 12);
    expect(merged.std).toBeCloseTo(whole.result().std, 12);
    expect(merged.clips).toBe(3);
  });

  it('refuses to report before two values', () => {
    expect(() => new FbankStats().result()).toThrow(FeatureError);
  });
});

describe('specAugment', () => {
  const m = matrix(50, 20, () => 1);
  it('masks one frequency band and one time span, each narrower than its parameter', () => {
    for (let seed = 0; seed < 30; seed++) {
      const out = specAugment(m, { freqMaskParam: 8, timeMaskParam: 12 }, new SeededRng(seed));
      const maskedBins = new Set<number>();
      const maskedFrames = new Set<number>();
      for (let b = 0; b < 20; b++) if (Array.from({ length: 50 }, (_, t) => out.data[t * 20 + b]).every((v) => v === 0)) maskedBins.add(b);
      for (let t = 0; t < 50; t++) if (out.data.subarray(t * 20, t * 20 + 20).every((v) => v === 0)) maskedFrames.add(t);
      expect(maskedBins.size).toBeLessThan(8);
      expect(maskedFrames.size).toBeLessThan(12);
      // Every zero cell is in a masked band or a masked span.
      for (let t = 0; t < 50; t++) for (let b = 0; b < 20; b++) if (out.data[t * 20 + b] === 0) expect(maskedBins.has(b) || maskedFrames.has(t)).toBe(true);
      // Masks are contiguous.
      const bins = [...maskedBins].sort((a, b) => a - b);
      if (bins.length > 0) expect(bins[bins.length - 1]! - bins[0]! + 1).toBe(bins.length);
    }
  });

  it('draws masks like torchaudio: start = floor(U (n - v)), end = start + floor(v)', () => {
    const rng = new SeededRng(3);
    const copy = new SeededRng(3);
    const v = copy.next() * 10;
    const start = Math.floor(copy.next() * (100 - v));
    expect(drawMask(100, 10, rng)).toEqual({ start, end: start + Math.floor(v) });
  });

  it('is reproducible, gives different masks per example, and honours maskValue and counts', () => {
    const rng = new SeededRng(1);
    const a = specAugment(m, { freqMaskParam: 10, timeMaskParam: 20, numFreqMasks: 2, numTimeMasks: 2, maskValue: -3 }, rng);
    const b = specAugment(m, { freqMaskParam: 10, timeMaskParam: 20, numFreqMasks: 2, numTimeMasks: 2, maskValue: -3 }, rng);
    expect(a.data).not.toEqual(b.data);
    expect(specAugment(m, { freqMaskParam: 10, timeMaskParam: 20, numFreqMasks: 2, numTimeMasks: 2, maskValue: -3 }, new SeededRng(1)).data).toEqual(a.data);
    expect(a.data.some((v) => v === -3)).toBe(true);
    expect(a.data.every((v) => v === 1 || v === -3)).toBe(true);
    expect(m.data.every((v) => v === 1)).toBe(true);
    expect(specAugment(m, { freqMaskParam: 0, timeMaskParam: 0 }, rng).data).toEqual(m.data);
    expect(() => specAugment(m, { freqMaskParam: -1, timeMaskParam: 0 }, rng)).toThrow(FeatureOptionError);
  });
});

describe('timeRoll', () => {
  const m = matrix(4, 2, (t, b) => 10 * t + b);
  it('rolls rows like torch.roll along dim 0', () => {
    expect(Array.from(timeRoll(m, 1).data)).toEqual([30, 31, 0, 1, 10, 11, 20, 21]);
    expect(Array.from(timeRoll(m, -1).data)).toEqual([10, 11, 20, 21, 30, 31, 0, 1]);
    expect(timeRoll(m, 8).data).toEqual(m.data);
    expect(timeRoll(m, -6).data).toEqual(timeRoll(m, 2).data);
  });
});

describe('addNoise', () => {
  it('adds U[0,1) * a with one amplitude a <= maxAmplitude per matrix', () => {
    const m = matrix(30, 10, () => 2);
    const out = addNoise(m, new SeededRng(9), { maxAmplitude: 0.1 });
    const a = new SeededRng(9).next() * 0.1;
    const noise = Array.from(out.data, (v) => v - 2);
    expect(Math.min(...noise)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...noise)).toBeLessThan(a + 1e-6);
    expect(Math.max(...noise)).toBeGreaterThan(0.8 * a);
    expect(addNoise(m, new SeededRng(9)).data).toEqual(out.data);
  });
});
