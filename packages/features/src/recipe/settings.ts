import { AST_FBANK } from '../manifest/export-files.js';
import type { ModelManifest } from '../manifest/schema.js';

/** The feature settings of a model, flat: everything the recipe reads (from the manifest's `features`). */
export interface FeatureSettings {
  /** Sample rate of the model's audio, Hz (16000). */
  readonly sampleRate: number;
  /** Mel bins of the fbank (128). */
  readonly numMelBins: number;
  /** Frame length and shift of the fbank, milliseconds (25 and 10). */
  readonly frameLength: number;
  readonly frameShift: number;
  /** Frames the fbank is padded or cut to (the model's T). */
  readonly targetLength: number;
  /** Training-set mean of the padded fbank. */
  readonly mean: number;
  /** Training-set standard deviation of the padded fbank (inputs are `(x - mean) / (2 * std)`). */
  readonly std: number;
  /** `'mean-per-bin'`: the speaker's mean of each mel bin is subtracted (per-speaker CMN); `'none'`: nothing. */
  readonly speakerNormalization: 'none' | 'mean-per-bin';
  /** `{ targetFrames }`: the clip is scaled in time by `targetFrames /` its speaker's mean active frames per clip. */
  readonly speakerRate: 'none' | { readonly targetFrames: number };
}

/** The {@link FeatureSettings} of a parsed manifest. */
export function featureSettings(manifest: Pick<ModelManifest, 'features'>): FeatureSettings {
  const f = manifest.features;
  return {
    sampleRate: f.sampleRate,
    numMelBins: AST_FBANK.numMelBins,
    frameLength: AST_FBANK.frameLength,
    frameShift: AST_FBANK.frameShift,
    targetLength: f.targetLength,
    mean: f.normalization.mean,
    std: f.normalization.std,
    speakerNormalization: f.speakerNormalization,
    speakerRate: f.speakerRate,
  };
}

/** True when the recipe needs the speaker's statistics (per-speaker mean or speaking-rate normalisation). */
export function needsSpeaker(settings: Pick<FeatureSettings, 'speakerNormalization' | 'speakerRate'>): boolean {
  return settings.speakerNormalization === 'mean-per-bin' || settings.speakerRate !== 'none';
}

/**
 * The normalised value of a zero (padding) fbank row, `-mean / (2 std)` as float32: rows whose every value equals
 * it are padding, and the time scalings pull it in.
 */
export function paddingValue(settings: Pick<FeatureSettings, 'mean' | 'std'>): number {
  return Math.fround(-settings.mean / (2 * settings.std));
}

/**
 * Samples of audio that fill exactly `targetLength` Kaldi frames (`frameLength` ms windows every `frameShift` ms,
 * snip edges): the window live listening keeps in its ring buffer.
 */
export function windowSamples(settings: FeatureSettings): number {
  const frameLength = Math.round((settings.sampleRate * settings.frameLength) / 1000);
  const frameShift = Math.round((settings.sampleRate * settings.frameShift) / 1000);
  return (settings.targetLength - 1) * frameShift + frameLength;
}
