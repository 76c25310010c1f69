import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The default dataset cache: `$SPECTROMIX_CACHE/datasets`, else `$XDG_CACHE_HOME/spectromix/datasets`, else
 * `~/.cache/spectromix/datasets`.
 */
export function defaultCacheDir(): string {
  if (process.env.SPECTROMIX_CACHE) return join(process.env.SPECTROMIX_CACHE, 'datasets');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'spectromix', 'datasets');
}
