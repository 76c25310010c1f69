import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';

/** Keys a recipe or config file may carry besides config sections (documentation only). */
export const DOC_KEYS = ['$schema', 'description', 'sources', 'notes'] as const;

/**
 * The folder of built-in recipes: `$SPECTROMIX_RECIPES`, else the first `recipes/` folder found walking up from
 * this module (the repo root's in a checkout, the bundle's own copy on the GPU host), else `./recipes`.
 */
export function recipesDir(): string {
  const env = process.env['SPECTROMIX_RECIPES'];
  if (env != null && env !== '') return resolve(env);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'recipes');
    if (existsSync(join(candidate, 'fsdd.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return resolve('recipes');
    dir = parent;
  }
}

/** Names of the built-in recipes. */
export function listRecipes(): string[] {
  const dir = recipesDir();
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort() : [];
}

/**
 * Reads a recipe by name (`fsdd`) or path (`./my-recipe.json`) as a config layer.
 * @throws ConfigError for an unknown name or unreadable / non-JSON file.
 */
export function readRecipe(nameOrPath: string): { layer: Record<string, unknown>; path: string } {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  const path = isPath ? resolve(nameOrPath) : join(recipesDir(), `${nameOrPath}.json`);
  if (!existsSync(path)) {
    const known = listRecipes();
    throw new ConfigError(
      isPath
        ? `Recipe file ${path} does not exist.`
        : `Unknown recipe '${nameOrPath}'. Built-in recipes: ${known.join(', ') || `(none found in ${recipesDir()})`}; or pass a path to a .json recipe.`,
    );
  }
  return { layer: readJsonLayer(path, 'recipe'), path };
}

/**
 * Reads a JSON config layer (recipe or `--config` file) and drops its documentation keys.
 * @throws ConfigError when the file cannot be read, is not JSON, or is not an object.
 */
export function readJsonLayer(path: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`The ${what} ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`The ${what} ${path} must hold a JSON object of config sections.`);
  const layer = { ...(value as Record<string, unknown>) };
  for (const k of DOC_KEYS) delete layer[k];
  return layer;
}
