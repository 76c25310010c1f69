import { normalizeClip, SpeakerStats, type FeatureSettings, type SpeakerProfile } from '@spectromix/features';
import type { BatchSpeakers, FeatureStore } from '@spectromix/datasets';
import { DataError } from '../errors.js';
import type { PreparedData } from './prepare.js';

/** Every speaker's statistics over a prepared dataset, for per-speaker mean and speaking-rate normalisation. */
export interface SpeakerProfiles {
  /** Speaker names, by speaker index. */
  readonly names: readonly string[];
  /** Speaker index of every record. */
  readonly ofRow: Int32Array;
  /** Each speaker's statistics (`SpeakerStats` of `@spectromix/features` over all of his clips). */
  readonly profiles: readonly SpeakerProfile[];
}

/** The recipe settings of a prepared dataset's features (its frames, bins and normalisation statistics). */
export function storeSettings(data: PreparedData): Pick<FeatureSettings, 'targetLength' | 'numMelBins' | 'mean' | 'std'> {
  return { numMelBins: data.store.numBins, targetLength: data.store.numFrames, mean: data.normalization.mean, std: data.normalization.std };
}

/**
 * Per-speaker statistics as serving computes them (`SpeakerStats` of `@spectromix/features`): for every speaker,
 * over all of his clips that have features, in record order, the normalised clip (before any time scaling) added to
 * his statistics. Labels are never read, so a held-out speaker's statistics come from his own unlabelled
 * recordings, as in speaker-adaptive speech recognition and as `spectromix predict` computes them for a group of files.
 * @param option the setting that needs them, for the error.
 * @throws DataError when a record has no speaker (the dataset has no speaker column).
 */
export function speakerProfiles(data: PreparedData, option: string): SpeakerProfiles {
  const { store, dataset } = data;
  const settings = storeSettings(data);
  const index = new Map<string, number>();
  const stats: SpeakerStats[] = [];
  const ofRow = new Int32Array(dataset.records.length);
  for (const [i, record] of dataset.records.entries()) {
    if (record.speaker == null) throw new DataError(`${option} needs a speaker for every clip; ${record.path} has none. Use it with datasets that name speakers (FSDD, RAVDESS, Speech Commands).`);
    let k = index.get(record.speaker);
    if (k == null) {
      index.set(record.speaker, (k = stats.length));
      stats.push(new SpeakerStats(settings));
    }
    ofRow[i] = k;
    if (store.has(i)) (stats[k] as SpeakerStats).addClip(normalizeClip(store.get(i), settings));
  }
  return { names: [...index.keys()], ofRow, profiles: stats.map((s) => s.profile()) };
}

/**
 * The common speaking rate of `speakerRate: 'normalize'`: the mean over the training rows' speakers (each weighted
 * equally) of their mean active frames per clip.
 */
export function trainingRate(profiles: SpeakerProfiles, trainRows: readonly number[]): number {
  const speakers = [...new Set(trainRows.map((i) => profiles.ofRow[i] as number))].filter((k) => (profiles.profiles[k]?.meanActiveFrames ?? 0) > 0);
  return speakers.reduce((a, k) => a + (profiles.profiles[k] as SpeakerProfile).meanActiveFrames, 0) / Math.max(1, speakers.length);
}

/**
 * The per-speaker statistics of each perturbed copy (speed, VTLP) for the training pipeline: every speaker's clips in
 * that copy make his statistics there, as Kaldi treats a speed-perturbed speaker (`sp0.9-`) as a new speaker for its
 * per-speaker normalisation, so a perturbed clip minus its perturbed speaker's mean is what serving computes for a new
 * voice. The speaking-rate target stays the unperturbed training speakers' (`base`), the one the manifest records.
 */
export function variantSpeakers(data: PreparedData, stores: readonly FeatureStore[], base: BatchSpeakers): BatchSpeakers[] {
  return stores.map((store) => (store === data.store ? base : { ...base, profiles: speakerProfiles({ ...data, store }, 'data.speakerNormalization').profiles }));
}

/**
 * The per-speaker steps of a run's features for the batch pipeline (`speakers` of `createBatchPipeline`), or
 * undefined for a model without per-speaker normalisation. `speakerRate: 'normalize'` is resolved to the
 * training speakers' rate.
 */
export function batchSpeakers(data: PreparedData, settings: { readonly speakerNormalization: 'none' | 'mean-per-bin'; readonly speakerRate: 'none' | 'normalize' | { readonly targetFrames: number } }): BatchSpeakers | undefined {
  const rate = settings.speakerRate;
  if (settings.speakerNormalization === 'none' && rate === 'none') return undefined;
  const profiles = speakerProfiles(data, settings.speakerNormalization === 'none' ? 'data.speakerRate' : 'data.speakerNormalization');
  const speakerRate = rate === 'none' ? 'none' : { targetFrames: rate === 'normalize' ? trainingRate(profiles, data.split.train) : rate.targetFrames };
  return { speakerNormalization: settings.speakerNormalization, speakerRate, ofRow: profiles.ofRow, profiles: profiles.profiles };
}
