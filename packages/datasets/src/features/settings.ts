import { SPEED_FACTOR_RANGE, type KaldiFbankOptions } from '@spectromix/dsp';
import type { Perturbation } from '@spectromix/features';
import { DatasetOptionsError } from '../errors.js';

/** How clips become features: the exact preprocessing the feature cache is keyed by. */
export interface FeatureSettings {
  /** Rate the audio is resampled to before the fbank, in Hz (default 16000, the model contract's). */
  sampleRate?: number;
  /**
   * Kaldi fbank options (`torchaudio.compliance.kaldi.fbank` arguments in camelCase, torchaudio defaults for the
   * rest). Absent: the AST / ASM-RH features of the model contract (`astFbank`: clip mean removed, 128 mel bins,
   * hanning window, 10 ms shift, htkCompat).
   */
  fbank?: Omit<KaldiFbankOptions, 'rng' | 'sampleFrequency'>;
  /** Frames per clip after zero-padding or cropping at the end (Speech Commands 128; UrbanSound8K, RAVDESS 512). */
  targetLength: number;
  /** Storage precision of the cache body (default `float16`: half the disk and reads; about 3 significant digits). */
  dtype?: 'float16' | 'float32';
  /**
   * A training copy of the clips, perturbed before the fbank (`perturbedPaddedFbank` of `@spectromix/features`):
   * `speed` (Ko et al.; default 1) and VTLP `vtlpAlpha` (Jaitly & Hinton; default 1), each in [0.5, 2]. Part of the
   * cache key, so every perturbation has its own file, computed once. Absent or both 1: the clips themselves (and
   * the same key as before this option existed).
   */
  perturb?: { speed?: number; vtlpAlpha?: number };
}

/** {@link FeatureSettings} with every default filled in, plus the number of bins per frame. */
export interface ResolvedFeatureSettings {
  /** Resample rate in Hz. */
  sampleRate: number;
  /** `'ast'` for the contract's features, else the Kaldi options given. */
  fbank: 'ast' | Omit<KaldiFbankOptions, 'rng' | 'sampleFrequency'>;
  /** Frames per clip. */
  targetLength: number;
  /** Storage precision. */
  dtype: 'float16' | 'float32';
  /** Values per frame (mel bins, plus one with `useEnergy`). */
  numBins: number;
  /** The perturbation of this copy; absent for the clips themselves. */
  perturb?: Perturbation;
}

/**
 * Fills in the defaults of {@link FeatureSettings} and checks them.
 * @throws DatasetOptionsError naming the bad setting.
 */
export function resolveFeatureSettings(settings: FeatureSettings): ResolvedFeatureSettings {
  const sampleRate = settings.sampleRate ?? 16000;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new DatasetOptionsError(`FeatureSettings.sampleRate must be a positive integer (Hz), got ${sampleRate}`);
  if (!Number.isInteger(settings.targetLength) || settings.targetLength < 1) {
    throw new DatasetOptionsError(`FeatureSettings.targetLength must be a positive integer number of frames, got ${settings.targetLength}`);
  }
  const dtype = settings.dtype ?? 'float16';
  if (dtype !== 'float16' && dtype !== 'float32') throw new DatasetOptionsError(`FeatureSettings.dtype must be 'float16' or 'float32', got '${String(dtype)}'`);
  const fbank = settings.fbank ? { ...settings.fbank } : 'ast';
  const numBins = fbank === 'ast' ? 128 : (fbank.numMelBins ?? 23) + (fbank.useEnergy ? 1 : 0);
  const speed = settings.perturb?.speed ?? 1;
  const vtlpAlpha = settings.perturb?.vtlpAlpha ?? 1;
  const [lo, hi] = SPEED_FACTOR_RANGE;
  for (const [name, value] of [['speed', speed], ['vtlpAlpha', vtlpAlpha]] as const) {
    if (typeof value !== 'number' || !(value >= lo && value <= hi)) {
      throw new DatasetOptionsError(`FeatureSettings.perturb.${name} must be a factor in [${lo}, ${hi}] (1: unperturbed; 0.9-1.1 is usual), got ${String(value)}`);
    }
  }
  return { sampleRate, fbank, targetLength: settings.targetLength, dtype, numBins, ...(speed !== 1 || vtlpAlpha !== 1 ? { perturb: { speed, vtlpAlpha } } : {}) };
}
