import { createHash } from 'node:crypto';
import { resolveRunConfig } from '../config/resolve.js';
import { mergeLayer, setPath } from '../config/merge.js';
import { ConfigError } from '../errors.js';
import type { SweepJobData } from './job.js';
import type { LoadedSpec } from './spec.js';

/** A sweep expanded into jobs. */
export interface ExpandedSweep {
  /** `<name>-<10 hex digits of the jobs' hash>`: the same spec and recipe give the same id. */
  readonly id: string;
  readonly name: string;
  readonly jobs: SweepJobData[];
}

/** Every combination of the grid's values, in the spec's order (one empty combination for no grid). */
function combinations(grid: Readonly<Record<string, readonly unknown[]>>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [path, values] of Object.entries(grid)) out = out.flatMap((c) => values.map((v) => ({ ...c, [path]: v })));
  return out;
}

/** A label part for a grid value: the path's last key and the value, in folder-name characters. */
function gridLabel(path: string, value: unknown): string {
  const key = path.split('.').pop() as string;
  return `${key}_${(typeof value === 'string' ? value : JSON.stringify(value)).replace(/[^\w.-]+/g, '_')}`;
}

/**
 * Expands a sweep: variants x grid combinations x seeds x folds, each job's config resolved (defaults -> recipe ->
 * spec config -> extra layer (`--set`) -> variant -> grid values -> seed and fold) and validated here, before
 * anything is queued.
 * @param extra a layer from the command line (`--set`), applied after the spec's `config`.
 * @throws ConfigError naming the job whose configuration is invalid.
 */
export function expandSweep(loaded: LoadedSpec, extra: Record<string, unknown> = {}): ExpandedSweep {
  const { spec } = loaded;
  const base = mergeLayer(spec.config, extra) as Record<string, unknown>;
  const probe = resolveRunConfig({ recipe: loaded.recipe, flags: base }).config;
  const split = probe.data.split;
  let folds: (number | null)[] = [null];
  if (split.kind === 'folds') folds = spec.folds == null || spec.folds === 'all' ? split.folds.map((_, i) => i) : spec.folds;
  else if (spec.folds != null) throw new ConfigError(`${loaded.source}: 'folds' needs a k-fold recipe (data.split.kind 'folds'); this recipe's split is '${split.kind}'.`);
  for (const f of folds) if (f != null && split.kind === 'folds' && f >= split.folds.length) throw new ConfigError(`${loaded.source}: fold ${f} does not exist; the recipe has folds 0..${split.folds.length - 1}.`);
  const variants = Object.entries(spec.variants ?? { base: {} });
  const seeds = spec.seeds ?? [probe.run.seed];
  const jobs: SweepJobData[] = [];
  for (const [variant, variantLayer] of variants) {
    for (const grid of combinations(spec.grid)) {
      for (const seed of seeds) {
        const group = [variant, ...Object.entries(grid).map(([p, v]) => gridLabel(p, v)), `seed${seed}`].join('-');
        for (const fold of folds) {
          const label = fold == null ? group : `${group}-fold${fold}`;
          let layer = mergeLayer(base, variantLayer) as Record<string, unknown>;
          for (const [path, value] of Object.entries(grid)) layer = mergeLayer(layer, setPath({}, path, value));
          layer = mergeLayer(layer, { run: { seed, name: label }, ...(fold != null ? { data: { split: { fold } } } : {}) });
          let config;
          try {
            config = resolveRunConfig({ recipe: loaded.recipe, flags: layer }).config;
          } catch (error) {
            throw new ConfigError(`${loaded.source}, job ${label}: ${(error as Error).message}`);
          }
          jobs.push({ sweep: '', label, group, variant, fold, seed, grid, config });
        }
      }
    }
  }
  const labels = new Set(jobs.map((j) => j.label));
  if (labels.size !== jobs.length) throw new ConfigError(`${loaded.source}: two jobs got the same name; give grid values that differ in their last path key and value.`);
  const hash = createHash('sha256').update(JSON.stringify(jobs.map((j) => [j.label, j.config]))).digest('hex').slice(0, 10);
  const id = `${loaded.name}-${hash}`;
  return { id, name: loaded.name, jobs: jobs.map((j) => ({ ...j, sweep: id })) };
}
