import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { DOC_KEYS, recipesDir } from '../config/recipes.js';

/** Names of sweeps, variants and jobs: they become folder names on every worker, so no `/`, no `..`. */
export const SAFE_NAME = /^[A-Za-z0-9](?:[\w-]|\.(?!\.))*$/;

const safeName = z.string().regex(SAFE_NAME, 'use letters, digits, dot, dash or underscore, starting with a letter or digit');
const layer = z.record(z.string(), z.unknown());

/**
 * A sweep: one recipe crossed with variants x `grid` values x seeds x folds. Every field but `recipe` has a
 * default that gives one job per fold of the recipe.
 */
export const sweepSpecSchema = z.strictObject({
  /** Sweep name, the first part of the sweep id (default: the spec file's or recipe's name). */
  name: safeName.optional(),
  /** Built-in recipe name or a path to a recipe file (relative to the spec file). */
  recipe: z.string().min(1),
  /** A config layer applied over the recipe for every job (e.g. `{ "train": { "epochs": 10 } }`). */
  config: layer.default({}),
  /** Named config layers, one set of jobs each (default: one variant, `base`, that changes nothing). */
  variants: z.record(safeName, layer).optional(),
  /** Dotted config path -> values; every combination is a set of jobs (default: none). */
  grid: z.record(z.string().regex(/^\w+(\.\w+)+$/, 'a dotted config path such as optimizer.lr'), z.array(z.unknown()).min(1)).default({}),
  /** Seeds (`run.seed`); default: the recipe's seed. */
  seeds: z.array(z.number().int().min(0).max(2 ** 31 - 1)).min(1).optional(),
  /** Folds of a k-fold recipe to run: `all` (the default for a k-fold recipe) or a list of fold numbers. */
  folds: z.union([z.literal('all'), z.array(z.number().int().min(0)).min(1)]).optional(),
  /** Tries per job for failures that retrying can fix (a crash, a lost machine); 1 to 20 (default 3, BullMQ's backoff between). */
  attempts: z.number().int().min(1).max(20).default(3),
});

/** A validated sweep specification. */
export type SweepSpec = z.infer<typeof sweepSpecSchema>;

/** A spec with where it came from, for messages and relative recipe paths. */
export interface LoadedSpec {
  readonly spec: SweepSpec;
  /** The spec file, or `recipe <name>` for a bare recipe. */
  readonly source: string;
  /** The recipe as {@link resolveRunConfig} takes it (name, or absolute path). */
  readonly recipe: string;
  /** The sweep's name. */
  readonly name: string;
}

/** The folder of built-in sweep specs: `recipes/sweeps/`. */
export function sweepsDir(): string {
  return join(recipesDir(), 'sweeps');
}

/**
 * Validates a parsed spec object.
 * @throws ConfigError listing each problem with its path.
 */
export function parseSweepSpec(value: unknown, source: string): SweepSpec {
  const obj = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : value;
  if (typeof obj === 'object' && obj !== null) for (const k of DOC_KEYS) delete (obj as Record<string, unknown>)[k];
  const parsed = sweepSpecSchema.safeParse(obj);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`Invalid sweep spec ${source}:\n${lines.join('\n')}\nSee recipes/sweeps/ for an example.`);
}

/**
 * Reads `spectromix sweep <spec.json | sweep name | recipe>`: a JSON file with a `recipe` key is a sweep spec, a
 * name found in `recipes/sweeps/` is a built-in spec, anything else is a recipe (name or file) swept with the
 * defaults (every fold of a k-fold recipe, one seed).
 * @throws ConfigError for an unreadable or invalid spec.
 */
export function loadSweepSpec(arg: string): LoadedSpec {
  const builtIn = join(sweepsDir(), `${arg}.json`);
  const file = existsSync(builtIn) && !arg.includes('/') ? builtIn : arg.endsWith('.json') && existsSync(arg) ? resolve(arg) : undefined;
  if (file != null) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`The sweep spec ${file} cannot be read as JSON: ${(error as Error).message}`);
    }
    if (typeof raw === 'object' && raw !== null && 'recipe' in raw) {
      const spec = parseSweepSpec(raw, file);
      const recipe = spec.recipe.includes('/') || spec.recipe.endsWith('.json') ? resolve(dirname(file), spec.recipe) : spec.recipe;
      return { spec, source: file, recipe, name: spec.name ?? basename(file, '.json') };
    }
  }
  const spec = parseSweepSpec({ recipe: arg }, `recipe ${arg}`);
  return { spec, source: `recipe ${arg}`, recipe: arg, name: basename(arg, '.json').replace(/[^\w.-]/g, '_') };
}
