import { activeFrames, astFbank, normalizeFbank, padOrCrop, scaleToActiveFrames, warpTime, type FeatureMatrix } from '@spectromix/dsp';
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
 * export says so) the clip scaled in time by the speaker's speaking-rate factor (`speakerRate`) and to
 * `clipFrames` frames of speech, the speaker's mean per bin removed, and each bin's mean over the clip's frames
 * removed (`clipNormalization: 'mean-per-bin'`). The speaker's statistics include this clip.
 * @param waveform mono samples at `settings.sampleRate`.
 */
export function modelFeatures(waveform: Float32Array, settings: FeatureSettings, speaker?: SpeakerStats): ModelFeatures {
  const spectrogram = astFbank(waveform, settings.sampleRate);
  const normalised = normalizeFbank(padOrCrop(spectrogram, settings.targetLength), settings.mean, settings.std);
  let frames = Math.min(spectrogram.numFrames, settings.targetLength);
  const floor = Math.fround(-settings.mean / (2 * settings.std));
  const rate = settings.speakerRate;
  if ((settings.speakerNormalization === 'mean-per-bin' || rate !== 'none') && speaker == null) {
    throw new TypeError('modelFeatures: this model normalises per speaker; pass the SpeakerStats of the speaker.');
  }
  // The speaker's statistics take the clip before its own time scaling, as the trainer's do.
  if (settings.speakerNormalization === 'mean-per-bin') speaker?.add(normalised.data, frames);
  if (rate !== 'none' && speaker != null) {
    speaker.addClip(activeFrames(normalised.data, settings.targetLength, normalised.numBins, floor, 6 / (2 * settings.std)));
    warpTime(normalised.data, new Float32Array(normalised.data.length), settings.targetLength, normalised.numBins, speaker.rateFactor(rate.targetFrames), 0, floor);
    frames = clipRows(normalised.data, settings.targetLength, normalised.numBins, floor);
  }
  if (settings.clipFrames > 0) {
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
 * Running per-speaker statistics of the clips classified so far: the mean of each mel bin over their frames (online
 * per-speaker CMN, what models trained with `speakerNormalization: 'mean-per-bin'` subtract) and their mean active
 * frames per clip (what models trained with `speakerRate` scale to the training speakers' rate). Accumulates in float64.
 */
export class SpeakerStats {
  readonly #sum: Float64Array;
  #frames = 0;
  #active = 0;
  #clips = 0;

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

  /** Adds one clip's active frames (speech frames, `activeFrames` of `@spectromix/dsp`) to the speaking-rate estimate. */
  addClip(active: number): void {
    this.#active += active;
    this.#clips += 1;
  }

  /** Clips seen so far by {@link addClip}. */
  get clips(): number {
    return this.#clips;
  }

  /**
   * The time scale that brings this speaker's clips to `targetFrames` active frames on average: `targetFrames /` the
   * mean active frames per clip so far (1 before any clip with speech).
   */
  rateFactor(targetFrames: number): number {
    return this.#active > 0 ? targetFrames / (this.#active / this.#clips) : 1;
  }

  /** The mean per bin (zeros before any frame). */
  mean(): Float32Array {
    return Float32Array.from(this.#sum, (v) => (this.#frames === 0 ? 0 : v / this.#frames));
  }

  /** Forgets every frame (a new speaker). */
  reset(): void {
    this.#sum.fill(0);
    this.#frames = 0;
    this.#active = 0;
    this.#clips = 0;
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
