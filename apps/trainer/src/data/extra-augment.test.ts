import { describe, expect, it } from 'vitest';
import { applyExtraAugment } from './extra-augment.js';

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
    applyExtraAugment(off, 2, frames, bins, { freqShift: 0, gainDb: 0 }, { seed: 1, epoch: 0, index: 0 }, 1, floor);
    expect(off).toEqual(batch());
    const run = (epoch: number): Float32Array => {
      const x = batch();
      applyExtraAugment(x, 2, frames, bins, { freqShift: 3, gainDb: 6 }, { seed: 1, epoch, index: 2 }, 1, floor);
      return x;
    };
    expect(run(0)).toEqual(run(0));
    expect(run(0)).not.toEqual(run(1));
  });

  it('shifts whole rows along the mel axis with edges repeated, adds one gain per example, keeps padding rows', () => {
    const x = batch();
    applyExtraAugment(x, 2, frames, bins, { freqShift: 2, gainDb: 3 }, { seed: 5, epoch: 1, index: 0 }, 2, floor);
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
