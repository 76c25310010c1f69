import { astFbank, padOrCrop, VTLP_HIGH_FREQ } from '@spectromix/dsp';
import { isIdentityPerturbation, perturbationSet, perturbedPaddedFbank, vtlpAlphaGrid, type Perturbation } from '@spectromix/features';
import {
  FeatureCache,
  MemoryFeatureStore,
  computeStats,
  loadEsc50,
  loadFolderDataset,
  loadFsdd,
  loadRavdess,
  loadSpeechCommands,
  loadUrbanSound8k,
  generateSyntheticClips,
  syntheticDataset,
  type AudioDataset,
  type FeatureProgress,
  type FeatureStore,
} from '@spectromix/datasets/node';
import type { RunConfig } from '../config/schema.js';
import { ConfigError, DataError } from '../errors.js';
import { datasetRoot, featureCacheDir } from './roots.js';
import { resolveSplit, type SplitIndices } from './splits.js';
import { problemSummary } from './problems.js';

/** A dataset with its features, split and normalisation statistics, ready for batch pipelines. */
export interface PreparedData {
  /** Records and classes. */
  readonly dataset: AudioDataset;
  /** Features, row `i` for `dataset.records[i]`. */
  readonly store: FeatureStore;
  /** Subsets as row indices. */
  readonly split: SplitIndices;
  /** `(x - mean) / (2 * std)` statistics: the config's, or computed on the training rows. */
  readonly normalization: { readonly mean: number; readonly std: number; readonly source: 'config' | 'train split' };
  /** Where the features came from (cache file or "generated in memory"). */
  readonly featureSource: string;
  /**
   * The training-only perturbed copies (`augment.speed`, `augment.vtlp`), when asked for (`PrepareOptions.perturbed`)
   * and configured: one store per perturbation, row `i` for `dataset.records[i]` (the unperturbed one is `store`).
   */
  readonly perturbed?: PerturbedFeatures;
}

/** The perturbed copies of a dataset's features (see {@link PreparedData.perturbed}). */
export interface PerturbedFeatures {
  /** Each copy's perturbation, in the order of `stores` (speed-major). */
  readonly set: readonly Perturbation[];
  /** One store per perturbation. */
  readonly stores: readonly FeatureStore[];
  /** Where they came from (cache files, or generated in memory). */
  readonly sources: readonly string[];
}

/** Options of {@link prepareData}. */
export interface PrepareOptions {
  /** Feature extraction progress. */
  readonly onProgress?: (progress: FeatureProgress) => void;
  /**
   * Also extract (or read from the cache) the perturbed training copies of `augment.speed` / `augment.vtlp` (training
   * and `spectromix stats`, which warms the cache; evaluation never needs them). Default false.
   */
  readonly perturbed?: boolean;
  /** Progress of each perturbed copy's extraction (its perturbation, then the progress). */
  readonly onPerturbedProgress?: (perturbation: Perturbation, progress: FeatureProgress) => void;
}

/**
 * The perturbations `augment.speed` and `augment.vtlp` ask for (every (speed, alpha) pair), or an empty list when both
 * are off.
 * @throws ConfigError when VTLP's boundary frequency (4800 Hz) is not below the configured rate's Nyquist.
 */
export function configuredPerturbations(config: RunConfig): Perturbation[] {
  const { speed, vtlp } = config.augment;
  if (speed == null && vtlp == null) return [];
  if (vtlp != null && config.data.sampleRate / 2 <= VTLP_HIGH_FREQ) {
    throw new ConfigError(`augment.vtlp warps up to Jaitly & Hinton's boundary of ${VTLP_HIGH_FREQ} Hz, which needs a sample rate above ${2 * VTLP_HIGH_FREQ} Hz; data.sampleRate is ${config.data.sampleRate}. Turn augment.vtlp off (null) for this rate.`);
  }
  return perturbationSet(speed?.factors ?? null, vtlp != null ? vtlpAlphaGrid(vtlp.alpha[0], vtlp.alpha[1], vtlp.count) : null);
}

/**
 * Loads the configured dataset, computes (or reads from the cache) its features, resolves the split and the
 * normalisation statistics.
 * @throws DataError for a missing or unreadable dataset root; ConfigError for a split that does not fit it.
 */
export async function prepareData(config: RunConfig, options: PrepareOptions = {}): Promise<PreparedData> {
  if (config.data.dataset === 'synthetic') return prepareSynthetic(config, options);
  const root = datasetRoot(config);
  if (root == null) {
    throw new DataError(
      `No data folder for dataset '${config.data.dataset}': pass --data <folder> (or data.root in a config), or set SPECTROMIX_DATA to the folder that holds ${config.data.dataset === 'folder' ? 'your class subfolders' : 'the datasets'}.`,
    );
  }
  const dataset = await loadDataset(config.data.dataset, root);
  if (dataset.records.length === 0) throw new DataError(`The dataset at ${root} has no readable clips (${dataset.problems.length} problem(s); first: ${dataset.problems[0]?.reason ?? 'none'}).`);
  if (dataset.problems.length > 0) process.stderr.write(`warning: ${problemSummary(dataset)}\n`);
  // The split is checked before the (long) feature extraction, so a split that does not fit stops at once.
  resolveSplit(dataset.records, config.data.split, config.run.seed);
  const cache = new FeatureCache({ dir: featureCacheDir(config), settings: { sampleRate: config.data.sampleRate, targetLength: config.data.targetLength } });
  const workers = config.data.workers != null ? { workers: config.data.workers } : {};
  const store = await cache.features(dataset.records, { ...workers, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  let perturbed: PerturbedFeatures | undefined;
  const set = options.perturbed === true ? configuredPerturbations(config) : [];
  if (set.length > 0) {
    // Every clip's copy, not only the training rows': one file per perturbation serves every fold of a k-fold run.
    const stores: FeatureStore[] = [];
    const sources: string[] = [];
    for (const p of set) {
      if (isIdentityPerturbation(p)) {
        stores.push(store);
        sources.push(cache.pathFor(dataset.records));
        continue;
      }
      const copy = new FeatureCache({ dir: featureCacheDir(config), settings: { sampleRate: config.data.sampleRate, targetLength: config.data.targetLength, perturb: { speed: p.speed, vtlpAlpha: p.vtlpAlpha } } });
      const onPerturbed = options.onPerturbedProgress;
      stores.push(await copy.features(dataset.records, { ...workers, ...(onPerturbed ? { onProgress: (q: FeatureProgress) => onPerturbed(p, q) } : {}) }));
      sources.push(copy.pathFor(dataset.records));
    }
    perturbed = { set, stores, sources };
  }
  return finish(config, dataset, store, cache.pathFor(dataset.records), perturbed);
}

async function loadDataset(kind: RunConfig['data']['dataset'], root: string): Promise<AudioDataset> {
  try {
    switch (kind) {
      case 'fsdd':
        return await loadFsdd(root);
      case 'ravdess':
        return await loadRavdess(root);
      case 'speech-commands':
        return await loadSpeechCommands(root);
      case 'urbansound8k':
        return await loadUrbanSound8k(root);
      case 'esc50':
        return await loadEsc50(root);
      case 'folder':
        return await loadFolderDataset(root);
      case 'synthetic':
        throw new DataError('the synthetic dataset has no folder');
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`Cannot load the ${kind} dataset from ${root}: ${(error as Error).message}`);
  }
}

/** The embedded dataset: clips generated from the run seed, features computed in memory (no cache). */
function prepareSynthetic(config: RunConfig, options: PrepareOptions): PreparedData {
  const { sampleRate, targetLength, synthetic } = config.data;
  // Exactly targetLength Kaldi frames: 25 ms windows every 10 ms.
  const length = (targetLength - 1) * Math.round(sampleRate / 100) + Math.round(sampleRate * 0.025);
  const clips = generateSyntheticClips({ perClass: synthetic, length, sampleRate, seed: 7919 + config.run.seed });
  const rows = clips.map((c) => padOrCrop(astFbank(c.waveform, sampleRate), targetLength).data);
  const dataset = syntheticDataset(clips);
  const store = new MemoryFeatureStore(rows, targetLength, 128);
  const source = `generated in memory (${clips.length} clips, seed ${7919 + config.run.seed})`;
  const set = options.perturbed === true ? configuredPerturbations(config) : [];
  const perturbed: PerturbedFeatures | undefined =
    set.length === 0
      ? undefined
      : {
          set,
          stores: set.map((p) => (isIdentityPerturbation(p) ? store : new MemoryFeatureStore(clips.map((c) => perturbedPaddedFbank(c.waveform, { sampleRate, targetLength }, p).padded), targetLength, 128))),
          sources: set.map((p) => `${source}, speed ${p.speed}, VTLP alpha ${p.vtlpAlpha}`),
        };
  return finish(config, dataset, store, source, perturbed);
}

function finish(config: RunConfig, dataset: AudioDataset, store: FeatureStore, featureSource: string, perturbed?: PerturbedFeatures): PreparedData {
  const split = resolveSplit(dataset.records, config.data.split, config.run.seed);
  // Split 'all' validates nothing by design (its epochs come from cross-validation); every other split must.
  const required: Record<string, readonly number[]> = config.data.split.kind === 'all' ? { train: split.train } : { train: split.train, validation: split.validation };
  for (const [name, rows] of Object.entries(required)) {
    if (rows.filter((i) => store.has(i)).length === 0) throw new DataError(`The ${name} subset of ${dataset.name} is empty (${split.description}); check data.split.`);
  }
  const normalization = config.data.normalization != null ? { ...config.data.normalization, source: 'config' as const } : { ...computeStats(store, split.train), source: 'train split' as const };
  return { dataset, store, split, normalization, featureSource, ...(perturbed != null ? { perturbed } : {}) };
}
