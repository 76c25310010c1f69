import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ArchiveError } from '../errors.js';
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive-limits.js';
import { extractTar } from './extract-tar.js';
import type { ExtractProgressCallback, ExtractSummary } from './extract-types.js';
import { extractZip } from './extract-zip.js';

/** Archive formats the extractor reads. */
export type ArchiveFormat = 'zip' | 'tar' | 'tar.gz';

/** Options of {@link extractArchive}. */
export interface ExtractArchiveOptions {
  /** Size and ratio limits; unset fields keep {@link DEFAULT_ARCHIVE_LIMITS}. */
  limits?: Partial<ArchiveLimits>;
  /** Progress of the files written. */
  onProgress?: ExtractProgressCallback;
}

/**
 * Recognises an archive by its first bytes: zip (`PK\x03\x04`, or `PK\x05\x06` when empty), gzip (`\x1f\x8b`,
 * taken as tar.gz) or tar (`ustar` at offset 257).
 * @throws ArchiveError for anything else.
 */
export function detectArchiveFormat(path: string): ArchiveFormat {
  const head = Buffer.alloc(262);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (n >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip';
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  if (n >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  throw new ArchiveError(`'${path}' is neither a zip, a tar nor a tar.gz archive (unknown first bytes)`);
}

/**
 * Extracts a zip, tar or tar.gz archive safely into `dest`, which must not exist yet: everything is written to a
 * temporary sibling folder that becomes `dest` only when the whole archive passed. Path traversal (`..`,
 * absolute paths), links, devices, and entries or totals over `limits` (decompression bombs) are refused with
 * an UnsafeArchiveError, and nothing is kept.
 * @throws ArchiveError when `dest` exists or the archive is unreadable; UnsafeArchiveError for a refused entry.
 */
export async function extractArchive(archive: string, dest: string, options: ExtractArchiveOptions = {}): Promise<ExtractSummary> {
  const target = resolve(dest);
  if (existsSync(target)) throw new ArchiveError(`cannot extract into '${target}': it exists already (remove it first)`);
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  const format = detectArchiveFormat(archive);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.partial-${process.pid}-${Date.now()}`);
  mkdirSync(temp, { mode: 0o755 });
  try {
    const summary = format === 'zip' ? await extractZip(archive, temp, limits, options.onProgress) : await extractTar(archive, temp, limits, options.onProgress);
    renameSync(temp, target);
    return summary;
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}
