import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { ArchiveError, UnsafeArchiveError } from '../errors.js';
import type { ArchiveLimits } from './archive-limits.js';
import type { ExtractSummary, ExtractProgressCallback } from './extract-types.js';
import { safeEntryPath } from './safe-entry-path.js';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const FOLDER_TYPES = new Set(['Directory', 'GNUDumpDir']);

/**
 * Extracts a tar or tar.gz archive into the empty folder `dest`, refusing (and stopping at) the first entry that
 * is a link, device or FIFO, has an unsafe name, or breaks a size limit. Files are written with mode 0644 and
 * folders 0755 whatever the archive says. The caller removes `dest` on failure.
 * @throws UnsafeArchiveError for a refused entry; ArchiveError when the archive is corrupt or not a tar.
 */
export function extractTar(
  archive: string,
  dest: string,
  limits: ArchiveLimits,
  onProgress?: ExtractProgressCallback,
): Promise<ExtractSummary> {
  const compressedBytes = Math.max(1, statSync(archive).size);
  return new Promise((resolvePromise, reject) => {
    const input = createReadStream(archive);
    const parser = new Parser({ strict: true });
    const writes: Promise<void>[] = [];
    let entries = 0;
    let files = 0;
    let declared = 0;
    let written = 0;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      input.destroy();
      parser.abort(error);
      reject(error);
    };
    parser.on('entry', (entry: ReadEntry) => {
      if (failed) {
        entry.resume();
        return;
      }
      const refuse = (reason: string): void => {
        entry.resume();
        fail(new UnsafeArchiveError(archive, entry.path, reason));
      };
      if (++entries > limits.maxEntries) return refuse(`is entry number ${entries}, over the limit of ${limits.maxEntries} entries`);
      const target = safeEntryPath(entry.path, dest);
      if ('reason' in target) return refuse(target.reason);
      if (FOLDER_TYPES.has(entry.type)) {
        mkdirSync(target.path, { recursive: true, mode: 0o755 });
        entry.resume();
        return;
      }
      if (!FILE_TYPES.has(entry.type)) {
        const link = entry.linkpath ? ` to '${entry.linkpath}'` : '';
        return refuse(`is a ${entry.type}${link}; only regular files and folders are extracted`);
      }
      if (entry.size > limits.maxEntryBytes) return refuse(`is ${entry.size} bytes, over the per-file limit of ${limits.maxEntryBytes}`);
      declared += entry.size;
      if (declared > limits.maxTotalBytes) return refuse(`brings the archive to ${declared} bytes, over the limit of ${limits.maxTotalBytes}`);
      if (declared > limits.ratioThresholdBytes && declared / compressedBytes > limits.maxRatio) {
        return refuse(
          `brings the archive to ${declared} bytes from ${compressedBytes} compressed (ratio ` +
            `${(declared / compressedBytes).toFixed(0)}, limit ${limits.maxRatio}): a decompression bomb`,
        );
      }
      mkdirSync(dirname(target.path), { recursive: true, mode: 0o755 });
      const out = createWriteStream(target.path, { flags: 'wx', mode: 0o644 });
      writes.push(
        new Promise<void>((done, error) => {
          out.on('finish', () => {
            written += entry.size;
            files++;
            onProgress?.({ phase: 'extract', file: archive, bytes: written });
            done();
          });
          out.on('error', error);
        }).catch((e: Error) => fail(new ArchiveError(`extracting '${entry.path}' of '${archive}' failed: ${e.message}`))),
      );
      entry.pipe(out);
    });
    parser.on('ignoredEntry', (entry: ReadEntry) => fail(new UnsafeArchiveError(archive, entry.path, `has the unsupported tar type '${entry.type}'`)));
    parser.on('error', (e: Error) => fail(new ArchiveError(`'${archive}' is not a readable tar archive: ${e.message}`)));
    input.on('error', (e: Error) => fail(new ArchiveError(`reading '${archive}' failed: ${e.message}`)));
    parser.on('end', () => {
      if (failed) return;
      void Promise.all(writes).then(() => {
        if (!failed) resolvePromise({ files, bytes: written });
      });
    });
    input.pipe(parser);
  });
}
