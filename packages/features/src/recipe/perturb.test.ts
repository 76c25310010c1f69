import { describe, expect, it } from 'vitest';
import { FeatureInputError } from '../errors.js';
import { paddedFbank } from './clip-features.js';
import { isIdentityPerturbation, NO_PERTURBATION, perturbationSet, perturbedPaddedFbank, vtlpAlphaGrid } from './perturb.js';

const settings = { sampleRate: 16000, targetLength: 120 };
const wave = Float32Array.from({ length: 16000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 300 * i) / 16000) * (1 + Math.sin(i / 900)) + 0.2 * Math.sin((2 * Math.PI * 2100 * i) / 16000));

describe('perturbed copies of a clip (training only)', () => {
  it('the identity is exactly the recipe\'s paddedFbank', () => {
    expect(isIdentityPerturbation(NO_PERTURBATION)).toBe(true);
    expect(perturbedPaddedFbank(wave, settings, NO_PERTURBATION).padded).toEqual(paddedFbank(wave, settings).padded);
  });

  it('speed 0.9 makes the clip 1/0.9 as long (more frames) and moves its energy to lower bins; VTLP 1.1 moves it up', () => {
    const plain = perturbedPaddedFbank(wave, settings, NO_PERTURBATION).fbank;
    const slow = perturbedPaddedFbank(wave, settings, { speed: 0.9, vtlpAlpha: 1 }).fbank;
    const warped = perturbedPaddedFbank(wave, settings, { speed: 1, vtlpAlpha: 1.1 }).fbank;
    expect(slow.numFrames).toBe(1 + Math.floor((Math.ceil(16000 / 0.9) - 400) / 160));
    expect(warped.numFrames).toBe(plain.numFrames);
    const peakBin = (m: typeof plain): number => {
      const sums = new Float64Array(m.numBins);
      for (let t = 0; t < m.numFrames; t++) for (let b = 0; b < m.numBins; b++) sums[b] = sums[b]! + m.data[t * m.numBins + b]!;
      return sums.indexOf(Math.max(...sums));
    };
    expect(peakBin(slow)).toBeLessThan(peakBin(plain));
    expect(peakBin(warped)).toBeGreaterThan(peakBin(plain));
  });

  it('vtlpAlphaGrid spaces factors evenly; perturbationSet combines speed-major; bad grids throw FeatureInputError', () => {
    expect(vtlpAlphaGrid(0.9, 1.1, 5)).toEqual([0.9, 0.95, 1, 1.05, 1.1]);
    expect(vtlpAlphaGrid(1, 1, 1)).toEqual([1]);
    expect(() => vtlpAlphaGrid(1.1, 0.9, 3)).toThrow(FeatureInputError);
    expect(() => vtlpAlphaGrid(0.9, 1.1, 1)).toThrow(/count >= 2/);
    expect(() => vtlpAlphaGrid(0.9, 1.1, 0)).toThrow(FeatureInputError);
    expect(perturbationSet([0.9, 1], [1, 1.1])).toEqual([
      { speed: 0.9, vtlpAlpha: 1 },
      { speed: 0.9, vtlpAlpha: 1.1 },
      { speed: 1, vtlpAlpha: 1 },
      { speed: 1, vtlpAlpha: 1.1 },
    ]);
    expect(perturbationSet(null, null)).toEqual([NO_PERTURBATION]);
    expect(perturbationSet([0.9, 1.1], null)).toEqual([{ speed: 0.9, vtlpAlpha: 1 }, { speed: 1.1, vtlpAlpha: 1 }]);
  });
});
