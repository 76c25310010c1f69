import { withoutRemovedOptions } from '@spectromix/features';
import { ConfigError } from '../errors.js';
import { DEFAULT_CONFIG } from './defaults.js';
import { mergeLayer } from './merge.js';
import { readJsonLayer, readRecipe } from './recipes.js';
import { runConfigSchema, type RunConfig } from './schema.js';

/** One applied layer, for the printout at start. */
export interface AppliedLayer {
  /** `defaults`, `recipe <name>`, `config <file>` or `flags`. */
  readonly source: string;
  /** The layer's content. */
  readonly layer: Record<string, unknown>;
}

/** What the configuration was built from. */
export interface ConfigInputs {
  /** Recipe name or path. */
  readonly recipe?: string;
  /** `--config` JSON file. */
  readonly configFile?: string;
  /** Flags, as a layer. */
  readonly flags?: Record<string, unknown>;
  /** Start from this configuration instead of the defaults (resuming, evaluating a run). */
  readonly base?: RunConfig;
}

/**
 * Builds the run configuration from its layers, defaults -> recipe -> config file -> flags, and validates
 * the result with the schema.
 * @throws ConfigError listing every invalid value with its path.
 */
export function resolveRunConfig(inputs: ConfigInputs): { config: RunConfig; layers: AppliedLayer[] } {
  const layers: AppliedLayer[] = [{ source: inputs.base != null ? 'run config' : 'defaults', layer: (inputs.base ?? DEFAULT_CONFIG) as unknown as Record<string, unknown> }];
  if (inputs.recipe != null) {
    const r = readRecipe(inputs.recipe);
    layers.push({ source: `recipe ${inputs.recipe}`, layer: r.layer });
  }
  if (inputs.configFile != null) layers.push({ source: `config ${inputs.configFile}`, layer: readJsonLayer(inputs.configFile, 'config file') });
  if (inputs.flags != null && Object.keys(inputs.flags).length > 0) layers.push({ source: 'flags', layer: inputs.flags });
  let merged: unknown = {};
  for (const l of layers) merged = mergeLayer(merged, l.layer);
  return { config: validateRunConfig(merged, layers.map((l) => l.source).join(' -> ')), layers };
}

/**
 * Validates a merged configuration.
 * @param origin the layers it came from, for the message.
 * @throws ConfigError listing every problem as `path: message`.
 */
export function validateRunConfig(value: unknown, origin: string): RunConfig {
  const parsed = runConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration (from ${origin}):\n${lines.join('\n')}\nSee \`spectromix train --help\` and the recipes/ folder for valid values.`);
}

/**
 * Validates a configuration saved by an earlier run (checkpoint, export), filling keys added to the schema
 * since then with their defaults (new options default to off, which is how the older run trained).
 * @throws ConfigError as {@link validateRunConfig}.
 */
export function validateSavedRunConfig(value: unknown, origin: string): RunConfig {
  // Runs saved before export format 2 carry its removed options (at their off value): drop them.
  const legacy = withLegacySplit(value);
  return validateRunConfig(mergeLayer(DEFAULT_CONFIG, typeof legacy === 'object' && legacy !== null ? withoutRemovedOptions(legacy as Record<string, unknown>) : legacy), origin);
}

/**
 * A k-fold split saved before `data.split.validation` existed validated on its test fold: say so explicitly
 * (`'test-fold'`), which is how that run trained.
 */
function withLegacySplit(value: unknown): unknown {
  const data = (value as { data?: { split?: Record<string, unknown> } } | null)?.data;
  const split = data?.split;
  if (split == null || split['kind'] !== 'folds' || 'validation' in split) return value;
  return mergeLayer(value, { data: { split: { ...split, validation: 'test-fold' } } });
}
