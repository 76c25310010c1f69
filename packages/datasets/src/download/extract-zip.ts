import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ArchiveError, UnsafeArchiveError } from '../errors.js';
import type { ArchiveLimits } from './archive-limits.js';
import type { ExtractProgressCallback, ExtractSummary } from './extract-types.js';
import { safeEntryPath } from './safe-entry-path.js';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * Extracts a zip archive into the empty folder `dest`. The whole central directory is checked first (names,
 * types, declared sizes, per-entry compression ratio, totals): a single refused entry means nothing is written.
 * While inflating, yauzl checks that each entry really has its declared size, so a lying header fails too.
 * Files are written with mode 0644, folders 0755. The caller removes `dest` on failure.
 * @throws UnsafeArchiveError for a refused entry; ArchiveError when the archive is corrupt or not a zip.
 */
export async function extractZip(
  archive: string,
  dest: string,
  limits: ArchiveLimits,
  onProgress?: ExtractProgressCallback,
): Promise<ExtractSummary> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(archive, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (e) {
    throw new ArchiveError(`'${archive}' is not a readable zip archive: ${(e as Error).message}`);
  }
  try {
    const plan = await checkEntries(archive, dest, zip, limits);
    const totalBytes = plan.reduce((sum, p) => sum + (p.entry ? p.entry.uncompressedSize : 0), 0);
    let bytes = 0;
    let files = 0;
    for (const { entry, path } of plan) {
      if (!entry) {
        mkdirSync(path, { recursive: true, mode: 0o755 });
        continue;
      }
      mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
      try {
        await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(path, { flags: 'wx', mode: 0o644 }));
      } catch (e) {
        throw new ArchiveError(`extracting '${path}' from '${archive}' failed: ${(e as Error).message}`);
      }
      bytes += entry.uncompressedSize;
      files++;
      onProgress?.({ phase: 'extract', file: archive, bytes, totalBytes });
    }
    return { files, bytes };
  } finally {
    zip.close();
  }
}

/** Reads the whole central directory and refuses the archive at the first bad entry. */
async function checkEntries(
  archive: string,
  dest: string,
  zip: ZipFile,
  limits: ArchiveLimits,
): Promise<{ entry?: Entry; path: string }[]> {
  const entries = await new Promise<Entry[]>((done, fail) => {
    const list: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      list.push(entry);
      if (list.length > limits.maxEntries) {
        fail(new UnsafeArchiveError(archive, '(entry list)', `has more than ${limits.maxEntries} entries`));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => done(list));
    zip.on('error', (e: Error) => fail(new ArchiveError(`'${archive}' has a corrupt central directory: ${e.message}`)));
    zip.readEntry();
  });
  const plan: { entry?: Entry; path: string }[] = [];
  let total = 0;
  for (const entry of entries) {
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
    const refuse = (reason: string): never => {
      throw new UnsafeArchiveError(archive, name, reason);
    };
    const target = safeEntryPath(name, dest);
    if ('reason' in target) refuse(target.reason);
    const path = (target as { path: string }).path;
    const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
    const isFolder = name.endsWith('/');
    if (mode !== 0 && mode !== (isFolder ? S_IFDIR : S_IFREG)) {
      refuse(mode === 0o120000 ? 'is a symbolic link; only regular files and folders are extracted' : `has the file type 0${mode.toString(8)}; only regular files and folders are extracted`);
    }
    if (entry.isEncrypted()) refuse('is encrypted');
    if (isFolder) {
      plan.push({ path });
      continue;
    }
    const size = entry.uncompressedSize;
    if (size > limits.maxEntryBytes) refuse(`is ${size} bytes, over the per-file limit of ${limits.maxEntryBytes}`);
    if (size > limits.ratioThresholdBytes && size / Math.max(1, entry.compressedSize) > limits.maxRatio) {
      refuse(`inflates ${entry.compressedSize} bytes to ${size} (ratio ${(size / Math.max(1, entry.compressedSize)).toFixed(0)}, limit ${limits.maxRatio}): a decompression bomb`);
    }
    total += size;
    if (total > limits.maxTotalBytes) refuse(`brings the archive to ${total} bytes, over the limit of ${limits.maxTotalBytes}`);
    plan.push({ entry, path });
  }
  return plan;
}
