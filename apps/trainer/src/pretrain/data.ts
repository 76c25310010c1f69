import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SeededRng } from '@spectromix/tensor';
import {
  DatasetRootError,
  FeatureCache,
  computeStats,
  isAudioFile,
  loadFsdd,
  loadRavdess,
  loadSpeechCommands,
  type AudioDataset,
  type AudioRecord,
  type DatasetProblem,
  type FeatureProgress,
  type FeatureStore,
} from '@spectromix/datasets/node';
import { DataError, ConfigError } from '../errors.js';
import type { PreparedData } from '../data/prepare.js';
import { featureCacheDir } from '../data/roots.js';
import type { PretrainConfig } from './config.js';

/** One dataset folder of a pretraining run. */
export interface PretrainSource {
  /** The folder. */
  readonly root: string;
  /** The layout it was read with: a known dataset's (its speakers kept) or any audio files below it. */
  readonly layout: 'ravdess' | 'fsdd' | 'speech-commands' | 'audio files';
  /** Clips found. */
  readonly clips: number;
  /** Clips left out because their speaker is in `data.excludeSpeakers`. */
  readonly excluded: number;
}

/** Unlabelled clips with features, a held-out share and normalisation statistics: `PreparedData` with one class. */
export interface PretrainData extends PreparedData {
  /** The folders and what was read from each. */
  readonly sources: readonly PretrainSource[];
}

/** Label of every unlabelled clip (the batch pipeline wants one class). */
const UNLABELLED = 'unlabelled';

/**
 * The records of one folder: RAVDESS (`Actor_NN/`), FSDD (`recordings/` or FSDD file names) and Speech Commands
 * (the official lists) through their loaders, so speakers are known and the feature cache is the one `train` fills;
 * any other folder as every audio file below it (no speakers).
 * @throws DataError for a folder that does not exist or holds no audio.
 */
export async function loadUnlabelledFolder(root: string): Promise<{ layout: PretrainSource['layout']; dataset: AudioDataset }> {
  const abs = resolve(root);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new DataError(`--data ${root}: no such folder. Pass dataset folders (e.g. ../shared/datasets/fsdd); every audio file under them is used.`);
  const loaders = [
    ['ravdess', loadRavdess],
    ['fsdd', loadFsdd],
    ['speech-commands', loadSpeechCommands],
  ] as const;
  for (const [layout, load] of loaders) {
    try {
      const dataset = await load(abs);
      if (dataset.records.length > 0) return { layout, dataset };
    } catch (error) {
      if (!(error instanceof DatasetRootError)) throw new DataError(`Cannot read ${abs} as ${layout}: ${(error as Error).message}`);
    }
  }
  const records: AudioRecord[] = audioFilesBelow(abs).map((path) => ({ path, label: UNLABELLED, labelIndex: 0, meta: {} }));
  if (records.length === 0) throw new DataError(`No audio found under ${abs} (looked for .wav, .flac, .mp3, .ogg, .opus and the other formats spectromix decodes, in every subfolder).`);
  return { layout: 'audio files', dataset: { name: basename(abs), root: abs, classes: [UNLABELLED], records, problems: [] } };
}

/** Audio files below `dir`, recursively, sorted (hidden files and folders skipped). */
function audioFilesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...audioFilesBelow(path));
    else if (entry.isFile() && isAudioFile(entry.name)) out.push(path);
  }
  return out.sort();
}

/** Options of {@link preparePretrainData}. */
export interface PreparePretrainOptions {
  /** Feature extraction progress, per folder. */
  readonly onProgress?: (root: string, progress: FeatureProgress) => void;
}

/**
 * Loads every folder, computes (or reads from `train`'s feature cache) the features of all its clips with the one
 * feature recipe of `@spectromix/features`, leaves out the excluded speakers' clips, holds out a seeded share of
 * the rest, and computes the normalisation statistics on the training clips. Labels are never read: every clip
 * gets the one class `unlabelled`; speakers are named `<dataset>/<speaker>` so two datasets' speakers never merge.
 * @throws DataError for a folder without audio; ConfigError for an excluded speaker that no folder has (a typo
 * would otherwise leave test speakers in) or a held-out share that leaves a side empty.
 */
export async function preparePretrainData(config: PretrainConfig, options: PreparePretrainOptions = {}): Promise<PretrainData> {
  const { data } = config;
  const cache = new FeatureCache({ dir: featureCacheDir(config), settings: { sampleRate: data.sampleRate, targetLength: data.targetLength } });
  const excluded = new Set(data.excludeSpeakers);
  const matched = new Set<string>();
  const stores: FeatureStore[] = [];
  const records: AudioRecord[] = [];
  const keep: boolean[] = [];
  const sources: PretrainSource[] = [];
  const featureFiles: string[] = [];
  for (const root of data.roots) {
    const { layout, dataset } = await loadUnlabelledFolder(root);
    const store = await cache.features(dataset.records, { ...(data.workers != null ? { workers: data.workers } : {}), ...(options.onProgress ? { onProgress: (p: FeatureProgress) => options.onProgress?.(root, p) } : {}) });
    featureFiles.push(cache.pathFor(dataset.records));
    stores.push(store);
    let out = 0;
    for (const r of dataset.records) {
      const hit = r.speaker != null && (excluded.has(r.speaker) || excluded.has(`${dataset.name}/${r.speaker}`));
      if (hit) {
        matched.add(excluded.has(r.speaker as string) ? (r.speaker as string) : `${dataset.name}/${r.speaker}`);
        out += 1;
      }
      keep.push(!hit);
      records.push({ path: r.path, label: UNLABELLED, labelIndex: 0, ...(r.speaker != null ? { speaker: `${dataset.name}/${r.speaker}` } : {}), meta: {} });
    }
    sources.push({ root: dataset.root, layout, clips: dataset.records.length, excluded: out });
  }
  const unknown = [...excluded].filter((s) => !matched.has(s));
  if (unknown.length > 0) {
    throw new ConfigError(`--exclude-speakers: no clip of ${unknown.join(', ')} in ${data.roots.join(', ')}. Name speakers as the datasets do (RAVDESS Actor_01, FSDD george), optionally prefixed by the dataset (ravdess/Actor_01).`);
  }
  const store = new ConcatFeatureStore(stores);
  const usable = records.map((_, i) => i).filter((i) => keep[i] === true && store.has(i));
  const held = Math.round(data.validation * usable.length);
  if (held < 1 || held >= usable.length) throw new ConfigError(`data.validation ${data.validation} of ${usable.length} usable clips holds out ${held}: both the training and the held-out share need clips.`);
  const order = new SeededRng(config.run.seed).shuffle([...usable]);
  const validation = order.slice(0, held).sort((a, b) => a - b);
  const train = order.slice(held).sort((a, b) => a - b);
  const normalization = data.normalization != null ? { ...data.normalization, source: 'config' as const } : { ...computeStats(store, train), source: 'train split' as const };
  const dataset: AudioDataset = { name: 'unlabelled', root: resolve(data.roots[0] as string), classes: [UNLABELLED], records, problems: store.problems };
  const description = `${train.length} training and ${validation.length} held-out clips (${Math.round(100 * data.validation)}%, seed ${config.run.seed})${excluded.size > 0 ? `; left out: ${[...excluded].join(', ')}` : ''}`;
  return { dataset, store, split: { train, validation, test: [], description }, normalization, featureSource: featureFiles.join(', '), sources };
}

/** The rows of several feature stores one after another (row `i` of the second follows the first's last). */
export class ConcatFeatureStore implements FeatureStore {
  readonly length: number;
  readonly numFrames: number;
  readonly numBins: number;
  readonly problems: DatasetProblem[];
  readonly #starts: number[] = [];

  /**
   * @param stores stores of the same frame and bin counts.
   * @throws DataError when they differ.
   */
  constructor(private readonly stores: readonly FeatureStore[]) {
    const first = stores[0];
    if (first == null) throw new DataError('ConcatFeatureStore needs at least one store.');
    if (stores.some((s) => s.numFrames !== first.numFrames || s.numBins !== first.numBins)) throw new DataError('ConcatFeatureStore: the stores differ in frames or bins.');
    let start = 0;
    for (const s of stores) {
      this.#starts.push(start);
      start += s.length;
    }
    this.length = start;
    this.numFrames = first.numFrames;
    this.numBins = first.numBins;
    this.problems = stores.flatMap((s, k) => s.problems.map((p) => (p.index != null ? { ...p, index: p.index + (this.#starts[k] as number) } : p)));
  }

  has(i: number): boolean {
    const [s, row] = this.#locate(i);
    return s?.has(row) ?? false;
  }

  get(i: number): Float32Array {
    const [s, row] = this.#locate(i);
    if (s == null) throw new DataError(`feature row ${i} does not exist: the store has rows 0..${this.length - 1}`);
    return s.get(row);
  }

  #locate(i: number): [FeatureStore | undefined, number] {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return [undefined, -1];
    let k = this.#starts.length - 1;
    while ((this.#starts[k] as number) > i) k -= 1;
    return [this.stores[k], i - (this.#starts[k] as number)];
  }
}
