import { astFbank, normalizeFbank, padOrCrop, scaleToActiveFrames, type FeatureMatrix } from '@spectromix/dsp';
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
 * export says so) the clip scaled in time to `clipFrames` frames of speech, the speaker's mean per bin removed, and
 * each bin's mean over the clip's frames removed (`clipNormalization: 'mean-per-bin'`).
 * @param waveform mono samples at `settings.sampleRate`.
 */
export function modelFeatures(waveform: Float32Array, settings: FeatureSettings, speaker?: SpeakerStats): ModelFeatures {
  const spectrogram = astFbank(waveform, settings.sampleRate);
  const normalised = normalizeFbank(padOrCrop(spectrogram, settings.targetLength), settings.mean, settings.std);
  let frames = Math.min(spectrogram.numFrames, settings.targetLength);
  // The speaker's statistics take the clip before its own time scaling, as the trainer's do.
  if (settings.speakerNormalization === 'mean-per-bin') {
    if (speaker == null) throw new TypeError('modelFeatures: this model normalises per speaker; pass the SpeakerStats of the speaker.');
    speaker.add(normalised.data, frames);
  }
  if (settings.clipFrames > 0) {
    const floor = Math.fround(-settings.mean / (2 * settings.std));
    scaleToActiveFrames(normalised.data, settings.targetLength, normalised.numBins, settings.clipFrames, floor, settings.std);
    frames = clipRows(normalised.data, settings.targetLength, normalised.numBins, floor);
  }
  if (speaker != null && settings.speakerNormalization === 'mean-per-bin') {
    const mean = speaker.mean();
    for (let t = 0; t < frames; t++) for (let f = 0; f < normalised.numBins; f++) normalised.data[t * normalised.numBins + f] = (normalised.data[t * normalised.numBins + f] as number) - (mean[f] as number);
  }
  if (settings.clipNormalization === 'mean-per-bin') subtractBinMeans(normalised.data, frames, normalised.numBins);
  return { input: normalised.data, spectrogram };
}

/** Rows up to and including the last one that is not padding (every value `floor`): the clip's frames after a time scaling. */
function clipRows(data: Float32Array, frames: number, bins: number, floor: number): number {
  for (let t = frames - 1; t >= 0; t--) {
    for (let f = 0; f < bins; f++) if (data[t * bins + f] !== floor) return t + 1;
  }
  return 0;
}

/**
 * A running per-speaker mean of each mel bin over the clips' frames (online per-speaker CMN): the statistics that
 * models trained with `speakerNormalization: 'mean-per-bin'` subtract. Accumulates in float64.
 */
export class SpeakerStats {
  readonly #sum: Float64Array;
  #frames = 0;

  /** @param bins mel bins (128). */
  constructor(readonly bins: number) {
    this.#sum = new Float64Array(bins);
  }

  /** Frames seen so far. */
  get frames(): number {
    return this.#frames;
  }

  /** Adds the first `frames` rows of a normalised `[frames, bins]` feature matrix. */
  add(data: Float32Array, frames: number): void {
    for (let t = 0; t < frames; t++) for (let f = 0; f < this.bins; f++) this.#sum[f] = (this.#sum[f] as number) + (data[t * this.bins + f] as number);
    this.#frames += frames;
  }

  /** The mean per bin (zeros before any frame). */
  mean(): Float32Array {
    return Float32Array.from(this.#sum, (v) => (this.#frames === 0 ? 0 : v / this.#frames));
  }

  /** Forgets every frame (a new speaker). */
  reset(): void {
    this.#sum.fill(0);
    this.#frames = 0;
  }
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
