import { astFbank, padOrCrop } from '@spectromix/dsp';
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
import { DataError } from '../errors.js';
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
}

/** Options of {@link prepareData}. */
export interface PrepareOptions {
  /** Feature extraction progress. */
  readonly onProgress?: (progress: FeatureProgress) => void;
}

/**
 * Loads the configured dataset, computes (or reads from the cache) its features, resolves the split and the
 * normalisation statistics.
 * @throws DataError for a missing or unreadable dataset root; ConfigError for a split that does not fit it.
 */
export async function prepareData(config: RunConfig, options: PrepareOptions = {}): Promise<PreparedData> {
  if (config.data.dataset === 'synthetic') return prepareSynthetic(config);
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
  const store = await cache.features(dataset.records, { ...(config.data.workers != null ? { workers: config.data.workers } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  return finish(config, dataset, store, cache.pathFor(dataset.records));
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
function prepareSynthetic(config: RunConfig): PreparedData {
  const { sampleRate, targetLength, synthetic } = config.data;
  // Exactly targetLength Kaldi frames: 25 ms windows every 10 ms.
  const length = (targetLength - 1) * Math.round(sampleRate / 100) + Math.round(sampleRate * 0.025);
  const clips = generateSyntheticClips({ perClass: synthetic, length, sampleRate, seed: 7919 + config.run.seed });
  const rows = clips.map((c) => padOrCrop(astFbank(c.waveform, sampleRate), targetLength).data);
  const dataset = syntheticDataset(clips);
  return finish(config, dataset, new MemoryFeatureStore(rows, targetLength, 128), `generated in memory (${clips.length} clips, seed ${7919 + config.run.seed})`);
}

function finish(config: RunConfig, dataset: AudioDataset, store: FeatureStore, featureSource: string): PreparedData {
  const split = resolveSplit(dataset.records, config.data.split, config.run.seed);
  // Split 'all' validates nothing by design (its epochs come from cross-validation); every other split must.
  const required = config.data.split.kind === 'all' ? { train: split.train } : { train: split.train, validation: split.validation };
  for (const [name, rows] of Object.entries(required)) {
    if (rows.filter((i) => store.has(i)).length === 0) throw new DataError(`The ${name} subset of ${dataset.name} is empty (${split.description}); check data.split.`);
  }
  const normalization = config.data.normalization != null ? { ...config.data.normalization, source: 'config' as const } : { ...computeStats(store, split.train), source: 'train split' as const };
  return { dataset, store, split, normalization, featureSource };
}
