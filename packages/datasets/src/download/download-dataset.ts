import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArchiveError, DatasetOptionsError } from '../errors.js';
import type { ArchiveLimits } from './archive-limits.js';
import { defaultCacheDir } from './cache-dir.js';
import { downloadFile } from './download-file.js';
import { extractArchive } from './extract-archive.js';
import type { ExtractProgressCallback } from './extract-types.js';
import { DATASET_SOURCES, type DatasetSource } from './sources.js';

/** Options of {@link downloadDataset}. */
export interface DownloadDatasetOptions {
  /** Cache folder (default {@link defaultCacheDir}): archives go to `downloads/`, datasets to `<name>/`. */
  cacheDir?: string;
  /** Progress of every download, checksum and extraction. */
  onProgress?: ExtractProgressCallback;
  /** Source table to use instead of {@link DATASET_SOURCES} (mirrors, tests). */
  sources?: Record<string, DatasetSource>;
  /** Extraction limits (defaults suit the largest dataset). */
  limits?: Partial<ArchiveLimits>;
  /** Keep the archives after a successful extraction (default false). */
  keepArchives?: boolean;
  /** Cancels a download; the partial file stays for a resume. */
  signal?: AbortSignal;
}

const COMPLETE_MARKER = '.spectromix-complete';

/**
 * Downloads, verifies and safely extracts a dataset into the cache, once: a finished dataset is found by its
 * marker file and returned at once. An interrupted download resumes on the next call. The archives must
 * extract to the structure the source table expects, or nothing is kept.
 * @param name a key of {@link DATASET_SOURCES} (or of `options.sources`).
 * @returns the folder to give the dataset's loader (`loadSpeechCommands(root)`, `loadUrbanSound8k(root)`, ...).
 * @throws DatasetOptionsError for an unknown name; DownloadError, ChecksumError, ArchiveError or
 * UnsafeArchiveError when a step fails.
 */
export async function downloadDataset(name: string, options: DownloadDatasetOptions = {}): Promise<{ root: string; source: DatasetSource }> {
  const sources: Record<string, DatasetSource> = options.sources ?? DATASET_SOURCES;
  const source = sources[name];
  if (!source) throw new DatasetOptionsError(`downloadDataset: unknown dataset '${name}'; known: ${Object.keys(sources).join(', ')}`);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const dir = join(cacheDir, name);
  const root = join(dir, source.root);
  if (existsSync(join(dir, COMPLETE_MARKER))) return { root, source };
  rmSync(dir, { recursive: true, force: true });

  const archives: string[] = [];
  for (const archive of source.archives) {
    const path = join(cacheDir, 'downloads', archive.fileName);
    await downloadFile(archive.url, path, {
      ...(archive.size !== undefined ? { size: archive.size } : {}),
      ...(archive.checksum ? { checksum: archive.checksum } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    archives.push(path);
  }
  const staging = join(cacheDir, `.${name}.staging`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const [i, archive] of archives.entries()) {
      const part = join(staging, `part-${i}`);
      await extractArchive(archive, part, { ...(options.limits ? { limits: options.limits } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      mergeInto(part, join(staging, 'data'));
    }
    const data = join(staging, 'data');
    const missing = source.expect.filter((p) => !existsSync(join(data, p)));
    if (missing.length > 0) {
      throw new ArchiveError(
        `${name}: the archive does not have the expected structure: ${missing.map((m) => `'${m}'`).join(', ')} not found ` +
          `(the source may have changed; see ${source.homepage})`,
      );
    }
    writeFileSync(join(data, COMPLETE_MARKER), `${JSON.stringify({ name, archives: source.archives.map((a) => a.url), at: new Date().toISOString() })}\n`);
    renameSync(data, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!options.keepArchives) for (const a of archives) rmSync(a, { force: true });
  return { root, source };
}

/** Moves every item of `from` into `to`, merging folders that both have (several archives of one dataset). */
function mergeInto(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const item of readdirSync(from, { withFileTypes: true })) {
    const target = join(to, item.name);
    if (item.isDirectory() && existsSync(target)) mergeInto(join(from, item.name), target);
    else renameSync(join(from, item.name), target);
  }
}
