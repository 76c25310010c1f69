import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunConfig } from '../config/schema.js';

/** Folder names of each dataset inside the shared data folder. */
export const DEFAULT_FOLDERS: Readonly<Record<Exclude<RunConfig['data']['dataset'], 'synthetic' | 'folder'>, string>> = {
  fsdd: 'fsdd',
  ravdess: 'ravdess-speech',
  'speech-commands': 'speech-commands-sample',
  urbansound8k: 'UrbanSound8K',
  esc50: 'ESC-50',
};

/** The repository root: the nearest folder above this module (or the working directory) holding `pnpm-workspace.yaml`. */
export function repoRoot(): string | undefined {
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/** The shared data folder: `$SPECTROMIX_DATA`, else `../shared/datasets` next to the repository (if it exists). */
export function sharedDataDir(): string | undefined {
  const env = process.env['SPECTROMIX_DATA'];
  if (env != null && env !== '') return resolve(env);
  const root = repoRoot();
  const candidate = root != null ? resolve(root, '..', 'shared', 'datasets') : undefined;
  return candidate != null && existsSync(candidate) ? candidate : undefined;
}

/** Where a dataset's files are: `data.root`, else its default folder in the shared data folder. */
export function datasetRoot(config: RunConfig): string | undefined {
  if (config.data.root != null) return resolve(config.data.root);
  const kind = config.data.dataset;
  if (kind === 'synthetic' || kind === 'folder') return undefined;
  const shared = sharedDataDir();
  return shared != null ? join(shared, DEFAULT_FOLDERS[kind]) : undefined;
}

/** The feature cache folder: `data.cacheDir`, else `$SPECTROMIX_CACHE/features`, else `$XDG_CACHE_HOME` or `~/.cache`/spectromix/features. */
export function featureCacheDir(config: { readonly data: Pick<RunConfig['data'], 'cacheDir'> }): string {
  if (config.data.cacheDir != null) return resolve(config.data.cacheDir);
  const env = process.env['SPECTROMIX_CACHE'];
  if (env != null && env !== '') return join(env, 'features');
  const base = process.env['XDG_CACHE_HOME'] ?? join(process.env['HOME'] ?? process.cwd(), '.cache');
  return join(base, 'spectromix', 'features');
}
