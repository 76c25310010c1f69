import { astFbank, padOrCrop, speedPerturb, type FeatureMatrix } from '@spectromix/dsp';
import { FeatureInputError } from '../errors.js';
import type { FeatureSettings } from './settings.js';

/**
 * A training-only perturbation of a clip, applied before its fbank (so it cannot come after the recipe like the
 * other augmentations): speed perturbation of the waveform (Ko et al. 2015) and vocal-tract-length perturbation of
 * the spectrum's frequency axis (Jaitly & Hinton 2013). `{ speed: 1, vtlpAlpha: 1 }` is the clip itself.
 */
export interface Perturbation {
  /** Speed factor: the clip is played this many times faster (tempo and pitch together); 1: unchanged. */
  readonly speed: number;
  /** VTLP warp factor of the frequency axis before the mel bins; 1: unchanged. */
  readonly vtlpAlpha: number;
}

/** The perturbation that leaves a clip as it is. */
export const NO_PERTURBATION: Perturbation = Object.freeze({ speed: 1, vtlpAlpha: 1 });

/** True for {@link NO_PERTURBATION} (speed 1 and alpha 1). */
export function isIdentityPerturbation(p: Perturbation): boolean {
  return p.speed === 1 && p.vtlpAlpha === 1;
}

/**
 * Steps 3-4 of the recipe for a perturbed training copy of a clip: the waveform at the model's rate is sped up or
 * slowed down (`speedPerturb`), its AST fbank is computed with the VTLP-warped mel bank (`astFbank`'s `vtlpAlpha`),
 * then padded or cut to `targetLength`. The datasets feature cache stores one such copy per perturbation; steps 5-7
 * (normalise, speaker statistics, model input) then run on it as on any clip. With {@link NO_PERTURBATION} this is
 * exactly `paddedFbank`. Serving never calls it.
 * @param waveform mono samples at `settings.sampleRate` (`decodeClip`).
 * @throws the `DspError`s of `@spectromix/dsp` for a speed outside [0.5, 2] or an alpha outside [0.5, 2].
 */
export function perturbedPaddedFbank(waveform: Float32Array, settings: Pick<FeatureSettings, 'sampleRate' | 'targetLength'>, perturbation: Perturbation): { padded: Float32Array; fbank: FeatureMatrix } {
  const wave = perturbation.speed === 1 ? waveform : speedPerturb(waveform, perturbation.speed, settings.sampleRate);
  const fbank = astFbank(wave, settings.sampleRate, { vtlpAlpha: perturbation.vtlpAlpha });
  return { padded: padOrCrop(fbank, settings.targetLength).data, fbank };
}

/**
 * `count` VTLP factors evenly spaced over `[min, max]` (both included): the fixed set a feature cache holds one copy
 * of each (Jaitly & Hinton draw alpha uniformly from [0.9, 1.1]; a grid of 5 steps it by 0.05).
 * @throws FeatureInputError for `min > max`, a count below 1, or `count` 1 with `min !== max`.
 */
export function vtlpAlphaGrid(min: number, max: number, count: number): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max)) throw new FeatureInputError(`vtlpAlphaGrid: need finite min <= max, got [${min}, ${max}]`);
  if (!Number.isInteger(count) || count < 1) throw new FeatureInputError(`vtlpAlphaGrid: count must be an integer >= 1, got ${count}`);
  if (count === 1) {
    if (min !== max) throw new FeatureInputError(`vtlpAlphaGrid: one factor cannot cover [${min}, ${max}]; give count >= 2 or min = max`);
    return [min];
  }
  // Rounded to 1e-6 so the factors (part of the cache key) print and hash the same everywhere.
  return Array.from({ length: count }, (_, i) => Math.round((min + ((max - min) * i) / (count - 1)) * 1e6) / 1e6);
}

/**
 * Every combination of the speed factors and VTLP factors (speed-major), the copies a feature cache holds for
 * training; `null` for an option that is off (factor 1 only). The identity comes out as {@link NO_PERTURBATION}.
 */
export function perturbationSet(speeds: readonly number[] | null, alphas: readonly number[] | null): Perturbation[] {
  const out: Perturbation[] = [];
  for (const speed of speeds ?? [1]) for (const vtlpAlpha of alphas ?? [1]) out.push({ speed, vtlpAlpha });
  return out;
}
