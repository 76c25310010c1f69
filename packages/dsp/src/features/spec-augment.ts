import type { SeededRng } from '@spectromix/tensor';
import type { FeatureMatrix } from './feature-matrix.js';
import { assertInt, assertNumber } from './validate.js';

/** Options of {@link specAugment}: torchaudio's `FrequencyMasking` / `TimeMasking` parameters. */
export interface SpecAugmentOptions {
  /** Maximum width of a frequency mask (torchaudio `freq_mask_param`; AST `freqm`); 0 for none. */
  freqMaskParam: number;
  /** Maximum width of a time mask (torchaudio `time_mask_param`; AST `timem`); 0 for none. */
  timeMaskParam: number;
  /** Frequency masks per example, default 1. */
  numFreqMasks?: number;
  /** Time masks per example, default 1. */
  numTimeMasks?: number;
  /** Value written into masked cells, default 0 (AST masks after the log, before normalising). */
  maskValue?: number;
  /** Largest fraction of the time axis one time mask may cover (torchaudio `p`), default 1. */
  p?: number;
}

/** A mask interval `[start, end)` drawn like `torchaudio.functional.mask_along_axis`. */
export interface MaskInterval {
  start: number;
  end: number;
}

/**
 * Draws one mask interval over an axis of `size` cells the way torchaudio does: width `v = U * maskParam`,
 * start `v0 = U * (size - v)`, masked `[floor(v0), floor(v0) + floor(v))`. Uses two draws of `rng`.
 */
export function drawMask(size: number, maskParam: number, rng: SeededRng): MaskInterval {
  const value = rng.next() * maskParam;
  const minValue = rng.next() * (size - value);
  const start = Math.floor(minValue);
  return { start, end: start + Math.floor(value) };
}

/** Validates {@link SpecAugmentOptions}, returning the per-axis mask parameters (after `p`). */
export function resolveSpecAugment(options: SpecAugmentOptions, numFrames: number): Required<SpecAugmentOptions> {
  assertInt('freqMaskParam', options.freqMaskParam, 0);
  assertInt('timeMaskParam', options.timeMaskParam, 0);
  const numFreqMasks = options.numFreqMasks ?? 1;
  const numTimeMasks = options.numTimeMasks ?? 1;
  assertInt('numFreqMasks', numFreqMasks, 0);
  assertInt('numTimeMasks', numTimeMasks, 0);
  const maskValue = options.maskValue ?? 0;
  assertNumber('maskValue', maskValue);
  const p = options.p ?? 1;
  assertNumber('p', p, 0, 1);
  const timeMaskParam = p === 1 ? options.timeMaskParam : Math.min(options.timeMaskParam, Math.floor(numFrames * p));
  return { freqMaskParam: options.freqMaskParam, timeMaskParam, numFreqMasks, numTimeMasks, maskValue, p };
}

/**
 * SpecAugment on one `[frames, bins]` matrix, like applying `torchaudio.transforms.FrequencyMasking` then
 * `TimeMasking` (AST's training augmentation): each mask's width is uniform in `[0, maskParam)` and its start
 * uniform over the remaining cells. Frequency masks are drawn first, then time masks, two `rng` draws each,
 * so a batch masked example after example with one generator gives iid masks. Returns a new matrix.
 */
export function specAugment(fbank: FeatureMatrix, options: SpecAugmentOptions, rng: SeededRng): FeatureMatrix {
  const o = resolveSpecAugment(options, fbank.numFrames);
  const { numFrames, numBins } = fbank;
  const data = Float32Array.from(fbank.data);
  if (o.freqMaskParam >= 1) {
    for (let i = 0; i < o.numFreqMasks; i++) {
      const { start, end } = drawMask(numBins, o.freqMaskParam, rng);
      for (let t = 0; t < numFrames; t++) data.fill(o.maskValue, t * numBins + start, t * numBins + end);
    }
  }
  if (o.timeMaskParam >= 1) {
    for (let i = 0; i < o.numTimeMasks; i++) {
      const { start, end } = drawMask(numFrames, o.timeMaskParam, rng);
      data.fill(o.maskValue, start * numBins, end * numBins);
    }
  }
  return { data, numFrames, numBins };
}
