import { activeFrames } from '@spectromix/dsp';
import { DataError } from '../errors.js';
import type { PreparedData } from './prepare.js';

/** Each speaker's mean normalised log-mel value per mel bin, for per-speaker mean normalisation. */
export interface SpeakerMeans {
  /** Speaker name to its `[numBins]` means (in the normalised feature domain). */
  readonly bySpeaker: ReadonlyMap<string, Float32Array>;
  /** The means of record `i`'s speaker. */
  forRecord(i: number): Float32Array;
}

/** The speaker of every record; `option` names the setting that needs them, for the error. */
function recordSpeakers(data: PreparedData, option: string): string[] {
  return data.dataset.records.map((record) => {
    if (record.speaker == null) throw new DataError(`${option} needs a speaker for every clip; ${record.path} has none. Use it with datasets that name speakers (FSDD, RAVDESS, Speech Commands).`);
    return record.speaker;
  });
}

/**
 * Per-speaker mean normalisation statistics, as Kaldi's per-speaker CMN (`apply-cmvn --utt2spk`) computes them:
 * for every speaker, the mean of each mel bin over all frames of all of that speaker's clips that are not
 * padding, after the global `(x - mean) / (2 std)` normalisation. Labels are never read, so a held-out
 * speaker's statistics come from his own unlabelled recordings, as in speaker-adaptive speech recognition.
 * @throws DataError when a record has no speaker (the dataset has no speaker column).
 */
export function speakerMeans(data: PreparedData): SpeakerMeans {
  const { store, normalization } = data;
  const { numFrames, numBins } = store;
  const sums = new Map<string, { sum: Float64Array; frames: number }>();
  const speakers = recordSpeakers(data, 'data.speakerNormalization');
  for (const [i, speaker] of speakers.entries()) {
    if (!store.has(i)) continue;
    let s = sums.get(speaker);
    if (s == null) sums.set(speaker, (s = { sum: new Float64Array(numBins), frames: 0 }));
    const x = store.get(i);
    for (let t = 0; t < numFrames; t++) {
      const o = t * numBins;
      let padding = true;
      for (let f = 0; f < numBins && padding; f++) padding = x[o + f] === 0;
      if (padding) continue;
      s.frames++;
      for (let f = 0; f < numBins; f++) s.sum[f] = (s.sum[f] as number) + (x[o + f] as number);
    }
  }
  const scale = 1 / (2 * normalization.std);
  const bySpeaker = new Map<string, Float32Array>();
  for (const [speaker, s] of sums) bySpeaker.set(speaker, Float32Array.from(s.sum, (v) => (v / Math.max(1, s.frames) - normalization.mean) * scale));
  const zero = new Float32Array(numBins);
  return { bySpeaker, forRecord: (i) => bySpeaker.get(speakers[i] as string) ?? zero };
}

/**
 * Subtracts per-example bin means in place from normalised features `[size, frames, bins]`, skipping padding
 * rows (every bin equal to `floor`). `meanOf(e)` gives example `e`'s means (its speaker's, or a group's).
 */
export function subtractBinMeans(x: Float32Array, size: number, frames: number, bins: number, floor: number, meanOf: (e: number) => Float32Array): void {
  for (let e = 0; e < size; e++) {
    const m = meanOf(e);
    for (let t = 0; t < frames; t++) {
      const o = (e * frames + t) * bins;
      let padding = true;
      for (let f = 0; f < bins && padding; f++) padding = x[o + f] === floor;
      if (padding) continue;
      for (let f = 0; f < bins; f++) x[o + f] = (x[o + f] as number) - (m[f] as number);
    }
  }
}

/** The bin means of a group of normalised examples `[size, frames, bins]` (padding rows excluded): one speaker's clips at prediction time. */
export function groupBinMeans(x: Float32Array, size: number, frames: number, bins: number, floor: number): Float32Array {
  const sum = new Float64Array(bins);
  let n = 0;
  for (let r = 0; r < size * frames; r++) {
    const o = r * bins;
    let padding = true;
    for (let f = 0; f < bins && padding; f++) padding = x[o + f] === floor;
    if (padding) continue;
    n++;
    for (let f = 0; f < bins; f++) sum[f] = (sum[f] as number) + (x[o + f] as number);
  }
  return Float32Array.from(sum, (v) => v / Math.max(1, n));
}

/** Each speaker's speaking rate as a time-scale factor towards a common rate (speaking-rate normalisation). */
export interface SpeakerRates {
  /** The common rate: mean active frames per clip that every speaker is scaled to. */
  readonly targetFrames: number;
  /** Speaker name to its mean active frames per clip. */
  readonly meanFrames: ReadonlyMap<string, number>;
  /** The time-scale factor of record `i` (`targetFrames / its speaker's meanFrames`; below 1 compresses). */
  forRecord(i: number): number;
}

/**
 * Per-speaker speaking-rate statistics: the mean number of active frames ({@link activeFrames}) per clip over all of
 * a speaker's clips (labels unused), and the factor that scales the speaker's clips in time to `targetFrames`
 * (by default the mean over the training rows' speakers, each speaker weighted equally).
 * @throws DataError when a record has no speaker.
 */
export function speakerRates(data: PreparedData, targetFrames?: number): SpeakerRates {
  const { store } = data;
  const sums = new Map<string, { frames: number; clips: number }>();
  const speakers = recordSpeakers(data, 'data.speakerRate');
  for (const [i, speaker] of speakers.entries()) {
    if (!store.has(i)) continue;
    const s = sums.get(speaker) ?? { frames: 0, clips: 0 };
    s.frames += activeFrames(store.get(i), store.numFrames, store.numBins);
    s.clips += 1;
    sums.set(speaker, s);
  }
  const meanFrames = new Map<string, number>();
  for (const [speaker, s] of sums) meanFrames.set(speaker, s.frames / Math.max(1, s.clips));
  const trainSpeakers = [...new Set(data.split.train.map((i) => speakers[i] as string))].filter((s) => meanFrames.has(s));
  const target = targetFrames ?? trainSpeakers.reduce((a, s) => a + (meanFrames.get(s) as number), 0) / Math.max(1, trainSpeakers.length);
  return { targetFrames: target, meanFrames, forRecord: (i) => target / Math.max(1e-6, meanFrames.get(speakers[i] as string) ?? target) };
}
