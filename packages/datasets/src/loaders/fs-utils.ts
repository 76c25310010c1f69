import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DatasetRootError } from '../errors.js';
import type { AudioRecord } from '../types.js';

/** File extensions the loaders treat as audio (what `@spectromix/dsp` decodes). */
export const AUDIO_EXTENSIONS: readonly string[] = ['.wav', '.flac', '.mp3', '.ogg', '.oga', '.opus'];

/** Whether a file name has one of {@link AUDIO_EXTENSIONS} (case-insensitive). */
export function isAudioFile(name: string, extensions: readonly string[] = AUDIO_EXTENSIONS): boolean {
  const lower = name.toLowerCase();
  return !name.startsWith('.') && extensions.some((ext) => lower.endsWith(ext));
}

/**
 * Resolves `root` and checks that each expected relative path exists under it.
 * @param layout what a root of this dataset holds, listed when the root itself is missing (default `expected`).
 * @returns the absolute root.
 * @throws DatasetRootError listing every expected path that is missing (the layout when the root is missing).
 */
export function assertRoot(dataset: string, root: string, expected: readonly string[], hint = '', layout: readonly string[] = expected): string {
  const abs = resolve(root);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new DatasetRootError(dataset, abs, layout, hint ? `the folder does not exist; ${hint}` : 'the folder does not exist');
  }
  const missing = expected.filter((p) => !existsSync(join(abs, p)));
  if (missing.length > 0) throw new DatasetRootError(dataset, abs, missing, hint);
  return abs;
}

/** What a directory entry is, following a symbolic link (a dangling link is neither a file nor a folder). */
function kindOf(dir: string, e: Dirent): 'file' | 'folder' | 'other' {
  if (e.isSymbolicLink()) {
    try {
      const s = statSync(join(dir, e.name));
      return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other';
    } catch {
      return 'other';
    }
  }
  return e.isFile() ? 'file' : e.isDirectory() ? 'folder' : 'other';
}

/** Sorted names of the visible (not dot-prefixed) entries of `dir` of one kind (links followed); empty when `dir` is missing. */
function visibleEntries(dir: string, kind: 'file' | 'folder'): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && kindOf(dir, e) === kind)
    .map((e) => e.name)
    .sort();
}

/** Sorted names of the visible subfolders of `dir` (empty when `dir` is missing). */
export function listFolders(dir: string): string[] {
  return visibleEntries(dir, 'folder');
}

/** Sorted names of the visible files of `dir` (empty when `dir` is missing). */
export function listFiles(dir: string): string[] {
  return visibleEntries(dir, 'file');
}

/** Absolute paths of the audio files under `dir`, recursively, sorted. */
export function listAudioFilesDeep(dir: string, extensions: readonly string[] = AUDIO_EXTENSIONS): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      const kind = kindOf(d, e);
      if (kind === 'folder') walk(p);
      else if (kind === 'file' && isAudioFile(e.name, extensions)) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/**
 * Answers "does this file exist" for many files with one directory listing per folder instead of one stat per
 * file (a 100k-row manifest costs a few hundred `readdir` calls).
 */
export class FileIndex {
  private readonly folders = new Map<string, Set<string>>();

  /** Whether the regular file at the absolute path `path` exists. */
  has(path: string): boolean {
    const dir = dirname(path);
    let names = this.folders.get(dir);
    if (!names) {
      names = new Set(listFiles(dir));
      this.folders.set(dir, names);
    }
    return names.has(basename(path));
  }
}

/** Sorts records by path in place (byte order, the same on every platform) and returns them. */
export function sortByPath(records: AudioRecord[]): AudioRecord[] {
  return records.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.offsetSeconds ?? 0) - (b.offsetSeconds ?? 0)));
}
