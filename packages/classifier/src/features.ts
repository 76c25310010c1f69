import { astFbank, normalizeFbank, padOrCrop, type FeatureMatrix } from '@spectromix/dsp';
import type { FeatureSettings } from './export-format.js';

/** The model input of one clip and the spectrogram it came from. */
export interface ModelFeatures {
  /** Normalised fbank `[targetLength, numMelBins]` (row-major), ready to be the model's `[1, T, 128]` input. */
  readonly input: Float32Array;
  /** The log-mel fbank of the audio before padding and normalisation (for display), `[frames, bins]`. */
  readonly spectrogram: FeatureMatrix;
}

/**
 * Computes the model's features exactly as training did (the AST recipe of the model contract, via
 * `@spectromix/dsp`): Kaldi fbank of the mean-subtracted 16 kHz clip, zero-padded or cut to `targetLength`
 * frames, then `(x - mean) / (2 * std)` with the training set's statistics stored in the export.
 * @param waveform mono samples at `settings.sampleRate`.
 */
export function modelFeatures(waveform: Float32Array, settings: FeatureSettings): ModelFeatures {
  const spectrogram = astFbank(waveform, settings.sampleRate);
  const normalised = normalizeFbank(padOrCrop(spectrogram, settings.targetLength), settings.mean, settings.std);
  return { input: normalised.data, spectrogram };
}

/**
 * Samples of audio that fill exactly `targetLength` Kaldi frames (`frameLength` ms windows every `frameShift`
 * ms, snip edges):
 * the window live listening keeps in its ring buffer.
 */
export function windowSamples(settings: FeatureSettings): number {
  const frameLength = Math.round((settings.sampleRate * settings.frameLength) / 1000);
  const frameShift = Math.round((settings.sampleRate * settings.frameShift) / 1000);
  return (settings.targetLength - 1) * frameShift + frameLength;
}
