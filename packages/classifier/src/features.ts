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
 * frames, then `(x - mean) / (2 * std)` with the training set's statistics stored in the export, then (when the
 * export says `clipNormalization: 'mean-per-bin'`) each bin's mean over the clip's frames removed.
 * @param waveform mono samples at `settings.sampleRate`.
 */
export function modelFeatures(waveform: Float32Array, settings: FeatureSettings): ModelFeatures {
  const spectrogram = astFbank(waveform, settings.sampleRate);
  const normalised = normalizeFbank(padOrCrop(spectrogram, settings.targetLength), settings.mean, settings.std);
  if (settings.clipNormalization === 'mean-per-bin') {
    subtractBinMeans(normalised.data, Math.min(spectrogram.numFrames, settings.targetLength), normalised.numBins);
  }
  return { input: normalised.data, spectrogram };
}

/**
 * Subtracts from every bin its mean over the first `frames` rows (the clip's own frames; the zero padding after
 * them is left as it is), in place, accumulating in float64 as the trainer's `subtractClipMean` does.
 */
export function subtractBinMeans(data: Float32Array, frames: number, bins: number): void {
  if (frames === 0) return;
  const mean = new Float64Array(bins);
  for (let t = 0; t < frames; t++) for (let f = 0; f < bins; f++) mean[f] = (mean[f] as number) + (data[t * bins + f] as number);
  for (let f = 0; f < bins; f++) mean[f] = (mean[f] as number) / frames;
  for (let t = 0; t < frames; t++) for (let f = 0; f < bins; f++) data[t * bins + f] = (data[t * bins + f] as number) - (mean[f] as number);
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
