import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DatasetOptionsError, FeatureCacheError } from '../errors.js';
import type { AudioRecord, DatasetProblem } from '../types.js';
import { CacheFileWriter, type CacheHeader } from './cache-file.js';
import { bytesPerValue } from './cache-row.js';
import { defaultWorkers, extractClips } from './clip-workers.js';
import type { ClipJob } from './extract-clip.js';
import { FileFeatureStore } from './file-feature-store.js';
import { type FeatureSettings, type ResolvedFeatureSettings, resolveFeatureSettings } from './settings.js';

/** Progress of a feature extraction. */
export interface FeatureProgress {
  /** Clips finished (with or without features). */
  done: number;
  /** Clips in all. */
  total: number;
  /** Clips that failed so far. */
  failed: number;
}

/** Options of {@link FeatureCache.features}. */
export interface FeaturesOptions {
  /** Called after each clip (and once at the start). */
  onProgress?: (progress: FeatureProgress) => void;
  /** Worker threads (default: one per core; 0 extracts on the calling thread). */
  workers?: number;
}

/** Bump when the extraction changes in a way the settings and the dsp version do not capture. */
const EXTRACTION_VERSION = 1;

/**
 * The on-disk feature cache: decodes, resamples and computes the fbank of every clip once (with
 * `@spectromix/dsp`, on worker threads), and stores the padded features in one compact binary file per
 * (settings, file list), named by a hash of the exact preprocessing settings, the `@spectromix/dsp` version
 * and every file's path, size and modification time. Changing a setting or a file gives a new file; deleting
 * the cache folder recomputes everything. Clips that cannot be read are skipped and listed in the store's
 * `problems`; they never stop the extraction.
 */
export class FeatureCache {
  /** The cache folder. */
  readonly dir: string;
  /** The settings with their defaults. */
  readonly settings: ResolvedFeatureSettings;

  /**
   * @param options.dir cache folder (created when needed).
   * @param options.settings preprocessing settings.
   * @throws DatasetOptionsError for invalid settings.
   */
  constructor(options: { dir: string; settings: FeatureSettings }) {
    this.dir = resolve(options.dir);
    this.settings = resolveFeatureSettings(options.settings);
  }

  /** The cache key of a record list: hex SHA-256 of the settings, dsp version and file list. */
  keyFor(records: readonly AudioRecord[]): string {
    const files = records.map((r) => {
      let size = -1;
      let mtimeMs = -1;
      try {
        const s = statSync(r.path);
        size = s.size;
        mtimeMs = s.mtimeMs;
      } catch {
        // missing file: it becomes a problem at extraction; its absence is part of the key
      }
      return [r.path, size, mtimeMs, r.offsetSeconds ?? null, r.offsetSeconds === undefined ? null : (r.durationSeconds ?? null)];
    });
    const identity = { extraction: EXTRACTION_VERSION, settings: this.settings, dsp: dspVersion(), files };
    return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
  }

  /** The cache file that holds (or will hold) the features of `records`. */
  pathFor(records: readonly AudioRecord[]): string {
    return join(this.dir, `${this.keyFor(records)}.spxf`);
  }

  /**
   * The features of `records` (row `i` for `records[i]`): read from the cache when it has them, else computed
   * (in parallel), written and then read.
   * @throws DatasetOptionsError for an empty record list or a bad `workers`; FeatureCacheError when the workers
   * keep crashing.
   */
  async features(records: readonly AudioRecord[], options: FeaturesOptions = {}): Promise<FileFeatureStore> {
    if (records.length === 0) throw new DatasetOptionsError('FeatureCache.features: no records given');
    const workers = options.workers ?? defaultWorkers();
    if (!Number.isInteger(workers) || workers < 0) throw new DatasetOptionsError(`FeatureCache.features: workers must be an integer >= 0, got ${workers}`);
    const key = this.keyFor(records);
    const path = join(this.dir, `${key}.spxf`);
    if (existsSync(path)) {
      try {
        const store = FileFeatureStore.open(path);
        if (store.header.key === key && store.length === records.length) {
          options.onProgress?.({ done: records.length, total: records.length, failed: store.problems.length });
          return store;
        }
        store.close();
      } catch (e) {
        if (!(e instanceof FeatureCacheError)) throw e;
      }
      rmSync(path, { force: true });
    }
    mkdirSync(this.dir, { recursive: true });
    const { settings } = this;
    const rowBytes = settings.targetLength * settings.numBins * bytesPerValue(settings.dtype);
    const partial = join(this.dir, `.${key}.${process.pid}.partial`);
    const writer = new CacheFileWriter(partial, records.length, rowBytes);
    const problems: DatasetProblem[] = [];
    const missing: number[] = [];
    let done = 0;
    options.onProgress?.({ done, total: records.length, failed: 0 });
    const jobs: ClipJob[] = records.map((r) => ({
      path: r.path,
      ...(r.offsetSeconds !== undefined ? { offsetSeconds: r.offsetSeconds } : {}),
      ...(r.offsetSeconds !== undefined && r.durationSeconds !== undefined ? { durationSeconds: r.durationSeconds } : {}),
    }));
    try {
      await extractClips(jobs, settings, workers, (i, result) => {
        if (result.ok) writer.writeRow(i, result.bytes);
        else {
          missing.push(i);
          problems.push({ path: (records[i] as AudioRecord).path, reason: result.reason, index: i });
        }
        done++;
        options.onProgress?.({ done, total: records.length, failed: missing.length });
      });
    } catch (e) {
      writer.abort();
      rmSync(partial, { force: true });
      throw e;
    }
    missing.sort((a, b) => a - b);
    problems.sort((a, b) => (a.index as number) - (b.index as number));
    const header: CacheHeader = {
      format: 'spectromix-features',
      key,
      settings,
      dspVersion: dspVersion(),
      count: records.length,
      numFrames: settings.targetLength,
      numBins: settings.numBins,
      missing,
      problems,
      createdAt: new Date().toISOString(),
    };
    writer.finish(header, path);
    return FileFeatureStore.open(path);
  }
}

let cachedDspVersion: string | undefined;

/** Version of the installed @spectromix/dsp (part of the cache key: a new fbank implementation recomputes). */
function dspVersion(): string {
  cachedDspVersion ??= (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@spectromix/dsp/package.json'), 'utf8')) as { version: string }).version;
  return cachedDspVersion;
}
