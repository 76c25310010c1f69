import { describe, expect, it } from 'vitest';
import { applyExtraAugment, melWarpSource, subtractClipMean } from './extra-augment.js';

const frames = 3;
const bins = 8;
const floor = -0.5;
function batch(): Float32Array {
  const x = new Float32Array(2 * frames * bins);
  for (let i = 0; i < x.length; i++) x[i] = (i % bins) * 0.1;
  x.fill(floor, (frames - 1) * bins, frames * bins); // example 0's last row is padding
  return x;
}

describe('extra augmentation', () => {
  it('does nothing when off, and is a pure function of (seed, epoch, batch index)', () => {
    const off = batch();
    applyExtraAugment(off, 2, frames, bins, { freqShift: 0, gainDb: 0, timeStretch: 0, timeShift: 0, freqWarp: 0 }, { seed: 1, epoch: 0, index: 0 }, 1, floor);
    expect(off).toEqual(batch());
    const run = (epoch: number): Float32Array => {
      const x = batch();
      applyExtraAugment(x, 2, frames, bins, { freqShift: 3, gainDb: 6, timeStretch: 0.2, timeShift: 1, freqWarp: 0 }, { seed: 1, epoch, index: 2 }, 1, floor);
      return x;
    };
    expect(run(0)).toEqual(run(0));
    expect(run(0)).not.toEqual(run(1));
  });

  it('shifts whole rows along the mel axis with edges repeated, adds one gain per example, keeps padding rows', () => {
    const x = batch();
    applyExtraAugment(x, 2, frames, bins, { freqShift: 2, gainDb: 3, timeStretch: 0, timeShift: 0, freqWarp: 0 }, { seed: 5, epoch: 1, index: 0 }, 2, floor);
    const row = Array.from(x.subarray(0, bins));
    const diffs = row.slice(1).map((v, i) => +(v - (row[i] as number)).toFixed(6));
    // A shifted ramp: steps of 0.1 except where an edge was repeated (step 0).
    expect(diffs.every((d) => d === 0 || d === 0.1)).toBe(true);
    const gain = (x[bins] as number) - (x[0] as number); // rows of one example share their gain and shift
    expect(Math.abs(gain)).toBeLessThan(1e-6);
    expect(Array.from(x.subarray((frames - 1) * bins, frames * bins))).toEqual(new Array(bins).fill(floor));
    const maxGain = (3 * Math.LN10) / 10 / (2 * 2);
    const original = batch();
    const offset = Math.min(...Array.from(x.subarray(0, bins), (v, f) => v - (original[f] as number)));
    expect(Math.abs(offset)).toBeLessThanOrEqual(maxGain + 0.2 + 1e-6);
  });
});

describe('time warping', () => {
  it('a shift moves frames and fills with padding; a stretch interpolates between frames', () => {
    const frames4 = 4;
    const x = new Float32Array(frames4 * bins);
    for (let t = 0; t < frames4; t++) x.fill(t + 1, t * bins, (t + 1) * bins);
    let shifted: Float32Array | undefined;
    for (let index = 0; index < 50 && shifted == null; index++) {
      const y = Float32Array.from(x);
      applyExtraAugment(y, 1, frames4, bins, { freqShift: 0, gainDb: 0, timeStretch: 0, timeShift: 1, freqWarp: 0 }, { seed: 3, epoch: 0, index }, 1, floor);
      if (y[0] === floor) shifted = y;
    }
    expect(Array.from(shifted!.filter((_, i) => i % bins === 0))).toEqual([floor, 1, 2, 3]);
    const z = Float32Array.from(x);
    applyExtraAugment(z, 1, frames4, bins, { freqShift: 0, gainDb: 0, timeStretch: 0.5, timeShift: 0, freqWarp: 0 }, { seed: 3, epoch: 0, index: 0 }, 1, floor);
    const track = Array.from(z.filter((_, i) => i % bins === 0));
    expect(track[0]).toBe(1);
    for (let t = 1; t < frames4; t++) expect(track[t]! === floor || track[t]! >= track[t - 1]!).toBe(true);
    expect(track).not.toEqual([1, 2, 3, 4]);
  });
});

describe('vocal-tract length perturbation', () => {
  it('maps each mel bin to the bin at hz / alpha on the Kaldi mel scale', () => {
    expect(Array.from(melWarpSource(128, 1))).toEqual(Array.from({ length: 128 }, (_, f) => expect.closeTo(f, 9)));
    const up = melWarpSource(128, 1.2);
    const down = melWarpSource(128, 1 / 1.2);
    for (let f = 1; f < 128; f++) {
      expect(up[f]!).toBeLessThan(f); // alpha > 1: an output bin reads from lower frequencies (energy moves up)
      expect(down[f]!).toBeGreaterThan(f);
      expect(up[f]!).toBeGreaterThan(up[f - 1]!); // monotone
    }
    // Bin 60's centre, warped by 1.2, is read from the bin whose centre is 1.2 times lower in Hz.
    const mel = (hz: number): number => 1127 * Math.log(1 + hz / 700);
    const low = mel(20);
    const delta = (mel(8000) - low) / 129;
    const hz60 = 700 * (Math.exp((low + 61 * delta) / 1127) - 1);
    expect(up[60]!).toBeCloseTo((mel(hz60 / 1.2) - low) / delta - 1, 9);
  });

  it('warps every non-padding row of an example by one factor, interpolating between bins', () => {
    const big = 32;
    const x = new Float32Array(2 * big);
    for (let t = 0; t < 2; t++) for (let f = 0; f < big; f++) x[t * big + f] = f;
    applyExtraAugment(x, 1, 2, big, { freqShift: 0, gainDb: 0, timeStretch: 0, timeShift: 0, freqWarp: 0.2 }, { seed: 9, epoch: 0, index: 0 }, 1, floor);
    expect(Array.from(x.subarray(0, big))).toEqual(Array.from(x.subarray(big)));
    expect(Array.from(x.subarray(0, big))).not.toEqual(Array.from({ length: big }, (_, f) => f));
    // A ramp read at fractional positions returns the positions themselves (clamped to the axis).
    const alphaPositions = Array.from(x.subarray(0, big));
    for (let f = 1; f < big; f++) expect(alphaPositions[f]!).toBeGreaterThanOrEqual(alphaPositions[f - 1]!);
  });
});

describe('per-clip mean removal per mel bin', () => {
  it('zeroes each bin mean over non-padding frames and leaves padding rows', () => {
    const x = batch();
    subtractClipMean(x, 2, frames, bins, floor);
    for (let e = 0; e < 2; e++) {
      const rows = e === 0 ? [0, 1] : [0, 1, 2];
      for (let f = 0; f < bins; f++) {
        const m = rows.reduce((s, t) => s + (x[(e * frames + t) * bins + f] as number), 0) / rows.length;
        expect(Math.abs(m)).toBeLessThan(1e-6);
      }
    }
    expect(Array.from(x.subarray((frames - 1) * bins, frames * bins))).toEqual(new Array(bins).fill(floor));
  });
});
