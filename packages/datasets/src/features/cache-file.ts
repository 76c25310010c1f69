import { closeSync, fstatSync, ftruncateSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { FeatureCacheError } from '../errors.js';
import type { DatasetProblem } from '../types.js';
import type { ResolvedFeatureSettings } from './settings.js';

/**
 * Feature cache file layout (little-endian):
 * - bytes 0-63, the prelude: magic `SPXFEAT\0`, u32 format version, u32 reserved, u64 body offset (64),
 *   u64 header offset, u32 header length, zero padding;
 * - the body: `count` rows of `numFrames * numBins` float16 or float32 values, row `i` for record `i`
 *   (rows of skipped clips are zeros);
 * - the header: UTF-8 JSON ({@link CacheHeader}) with the settings, shape and problems, written last.
 * Rows are read one at a time at `bodyOffset + i * rowBytes`, so memory does not grow with the dataset.
 */
export const CACHE_MAGIC = 'SPXFEAT\0';
/** Current format version. */
export const CACHE_FORMAT_VERSION = 1;
const PRELUDE_BYTES = 64;

/** The JSON header of a feature cache file. */
export interface CacheHeader {
  /** Always `spectromix-features`. */
  format: 'spectromix-features';
  /** Hash of the settings, the @spectromix/dsp version and the file list (path, size, mtime). */
  key: string;
  /** The preprocessing settings. */
  settings: ResolvedFeatureSettings;
  /** @spectromix/dsp version that computed the features. */
  dspVersion: string;
  /** Rows. */
  count: number;
  /** Frames per row. */
  numFrames: number;
  /** Values per frame. */
  numBins: number;
  /** Rows without features. */
  missing: number[];
  /** Why each missing row is missing. */
  problems: DatasetProblem[];
  /** ISO time of creation. */
  createdAt: string;
}

/** Where the parts of an open cache file are. */
export interface CacheLayout {
  header: CacheHeader;
  bodyOffset: number;
  rowBytes: number;
}

/** Writes a cache file: rows in any order, then the header; the file appears under its final name at the end. */
export class CacheFileWriter {
  private readonly fd: number;
  private readonly bodyBytes: number;

  /**
   * @param partialPath temporary file (created, truncated).
   * @param count rows.
   * @param rowBytes bytes per row.
   */
  constructor(
    private readonly partialPath: string,
    count: number,
    private readonly rowBytes: number,
  ) {
    this.fd = openSync(partialPath, 'w');
    this.bodyBytes = count * rowBytes;
    ftruncateSync(this.fd, PRELUDE_BYTES + this.bodyBytes);
  }

  /** Writes row `i`. */
  writeRow(i: number, bytes: Uint8Array): void {
    if (bytes.byteLength !== this.rowBytes) throw new FeatureCacheError(`row ${i} has ${bytes.byteLength} bytes, expected ${this.rowBytes}`);
    writeSync(this.fd, bytes, 0, bytes.byteLength, PRELUDE_BYTES + i * this.rowBytes);
  }

  /** Writes the header and prelude, closes the file and renames it to `finalPath`. */
  finish(header: CacheHeader, finalPath: string): void {
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const headerOffset = PRELUDE_BYTES + this.bodyBytes;
    writeSync(this.fd, json, 0, json.length, headerOffset);
    const prelude = Buffer.alloc(PRELUDE_BYTES);
    prelude.write(CACHE_MAGIC, 0, 'latin1');
    prelude.writeUInt32LE(CACHE_FORMAT_VERSION, 8);
    prelude.writeBigUInt64LE(BigInt(PRELUDE_BYTES), 16);
    prelude.writeBigUInt64LE(BigInt(headerOffset), 24);
    prelude.writeUInt32LE(json.length, 32);
    writeSync(this.fd, prelude, 0, PRELUDE_BYTES, 0);
    closeSync(this.fd);
    renameSync(this.partialPath, finalPath);
  }

  /** Closes the file without finishing it (the caller deletes it). */
  abort(): void {
    closeSync(this.fd);
  }
}

/**
 * Reads and checks the prelude and header of an open cache file.
 * @throws FeatureCacheError when the magic, version, offsets or header are wrong (a truncated or foreign file).
 */
export function readCacheLayout(fd: number, path: string, bytesPerValue: (dtype: 'float16' | 'float32') => number): CacheLayout {
  const size = fstatSync(fd).size;
  const prelude = Buffer.alloc(PRELUDE_BYTES);
  if (readSync(fd, prelude, 0, PRELUDE_BYTES, 0) < PRELUDE_BYTES || prelude.toString('latin1', 0, 8) !== CACHE_MAGIC) {
    throw new FeatureCacheError(`'${path}' is not a spectromix feature cache file (bad magic); delete it`);
  }
  const version = prelude.readUInt32LE(8);
  if (version !== CACHE_FORMAT_VERSION) throw new FeatureCacheError(`'${path}' has cache format ${version}, this version reads ${CACHE_FORMAT_VERSION}; delete it to recompute`);
  const bodyOffset = Number(prelude.readBigUInt64LE(16));
  const headerOffset = Number(prelude.readBigUInt64LE(24));
  const headerLength = prelude.readUInt32LE(32);
  if (headerOffset + headerLength > size || bodyOffset > headerOffset) throw new FeatureCacheError(`'${path}' is truncated (header beyond the end of the file); delete it to recompute`);
  const json = Buffer.alloc(headerLength);
  readSync(fd, json, 0, headerLength, headerOffset);
  let header: CacheHeader;
  try {
    header = JSON.parse(json.toString('utf8')) as CacheHeader;
  } catch {
    throw new FeatureCacheError(`'${path}' has an unreadable header; delete it to recompute`);
  }
  const rowBytes = header.numFrames * header.numBins * bytesPerValue(header.settings.dtype);
  if (header.format !== 'spectromix-features' || bodyOffset + header.count * rowBytes !== headerOffset) {
    throw new FeatureCacheError(`'${path}' has a header that does not match its body; delete it to recompute`);
  }
  return { header, bodyOffset, rowBytes };
}
