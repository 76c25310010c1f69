import { closeSync, openSync, readSync } from 'node:fs';
import { FeatureCacheError, FeatureMissingError } from '../errors.js';
import type { AssemblerConfig, BatchAssembler } from '../pipeline/assembler.js';
import type { DatasetProblem } from '../types.js';
import { type CacheHeader, readCacheLayout } from './cache-file.js';
import { bytesPerValue, decodeRow } from './cache-row.js';
import { type FeatureStore, checkRowIndex } from './feature-store.js';
import { workerAssembler } from './worker-assembler.js';

/**
 * A {@link FeatureStore} over a feature cache file: rows are read from disk one at a time (the OS page cache
 * keeps hot rows in memory), so a dataset larger than memory works. Batch pipelines over it build batches on a
 * worker thread that opens the same file.
 */
export class FileFeatureStore implements FeatureStore {
  readonly length: number;
  readonly numFrames: number;
  readonly numBins: number;
  readonly problems: DatasetProblem[];
  /** The file's header (settings, key, problems). */
  readonly header: CacheHeader;
  private fd: number | undefined;
  private readonly bodyOffset: number;
  private readonly rowBytes: number;
  private readonly missing: Set<number>;
  private readonly buffer: Uint8Array;

  private constructor(readonly path: string, fd: number) {
    const layout = readCacheLayout(fd, path, bytesPerValue);
    this.fd = fd;
    this.header = layout.header;
    this.bodyOffset = layout.bodyOffset;
    this.rowBytes = layout.rowBytes;
    this.length = layout.header.count;
    this.numFrames = layout.header.numFrames;
    this.numBins = layout.header.numBins;
    this.problems = layout.header.problems;
    this.missing = new Set(layout.header.missing);
    this.buffer = new Uint8Array(this.rowBytes);
  }

  /**
   * Opens a cache file.
   * @throws FeatureCacheError when it is not a complete feature cache file.
   */
  static open(path: string): FileFeatureStore {
    const fd = openSync(path, 'r');
    try {
      return new FileFeatureStore(path, fd);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  has(i: number): boolean {
    return Number.isInteger(i) && i >= 0 && i < this.length && !this.missing.has(i);
  }

  get(i: number): Float32Array {
    checkRowIndex(this, i);
    if (this.missing.has(i)) {
      throw new FeatureMissingError(`feature row ${i} is missing: ${this.problems.find((p) => p.index === i)?.reason ?? 'its clip was skipped'}`);
    }
    if (this.fd === undefined) throw new FeatureCacheError(`the feature store of '${this.path}' is closed`);
    const read = readSync(this.fd, this.buffer, 0, this.rowBytes, this.bodyOffset + i * this.rowBytes);
    if (read !== this.rowBytes) throw new FeatureCacheError(`'${this.path}' is truncated at row ${i}; delete it to recompute`);
    return decodeRow(this.buffer, this.header.settings.dtype);
  }

  createAssembler(config: AssemblerConfig, variants: readonly FeatureStore[] = []): BatchAssembler | undefined {
    const files: string[] = [];
    for (const v of variants) {
      if (!(v instanceof FileFeatureStore)) return undefined;
      files.push(v.path);
    }
    return workerAssembler([this.path, ...files], config);
  }

  /** Closes the file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
