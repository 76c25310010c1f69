import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { CONFIG_FLAGS, flagsLayer, integer, number } from '../config/flags.js';
import { mergeLayer, setPath } from '../config/merge.js';
import { readJsonLayer, readRecipe } from '../config/recipes.js';
import type { AppliedLayer } from '../config/resolve.js';
import { DEFAULT_PRETRAIN_CONFIG, pretrainConfigSchema, type PretrainConfig } from '../pretrain/config.js';
import { pretrainRun, type PretrainRunResult } from '../pretrain/run.js';
import { formatConfig } from '../run/print-config.js';
import { newRunDir, type RunPaths } from '../run/run-dir.js';
import { removeRunDirIfNotStarted } from '../run/start-guard.js';
import { locateResume } from './train.js';

/** Options of the `pretrain` command, as commander parses them. */
export interface PretrainOptions extends Record<string, unknown> {
  readonly data?: string[];
  readonly recipe?: string;
  readonly config?: string;
  readonly excludeSpeakers?: string[];
  readonly excludeFold?: number;
  readonly resume?: string;
}

/** `train` flags that mean the same in pretraining (each sets the same config path). */
const SHARED_FLAG_PATHS = new Set(['model.preset', 'train.epochs', 'train.batchSize', 'optimizer.lr', 'optimizer.weightDecay', 'data.targetLength', 'run.seed', 'run.backend', 'run.out', 'run.name', 'checkpoint.everySteps', 'checkpoint.keepLast', 'data.workers']);

/** Pretraining's own flags that set one config value. */
const OWN_FLAGS = [
  { flag: '--held-out <share>', help: 'share of the clips held out to measure the pretraining loss (data.validation)', path: 'data.validation', parse: number },
  { flag: '--mask-ratio <share>', help: 'share of the patches masked in every clip (mask.ratio)', path: 'mask.ratio', parse: number },
  { flag: '--speaker-normalization <mode>', help: "none | mean-per-bin, as the fine-tuning run's data.speakerNormalization", path: 'data.speakerNormalization' },
] as const;

/** Config sections a resumed pretraining may change (anything else would make the resume inexact). */
const RESUMABLE = new Set(['train.epochs', 'run.backend', 'run.out', 'run.name', 'checkpoint.everySteps', 'checkpoint.keepLast', 'data.cacheDir', 'data.workers']);

/** The recipe values pretraining takes from a fine-tuning recipe: the features and the model, never the training. */
const RECIPE_PATHS = ['data.targetLength', 'data.sampleRate', 'data.speakerNormalization', 'model.preset', 'model.hermit', 'model.roll', 'model.dropPath'] as const;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the options of `spectromix pretrain` to a command. */
export function addPretrainFlags(command: Command): Command {
  command.option('--data <folder>', 'dataset folder; every audio file under it is used, no labels needed (repeatable)', collect, []);
  command.option('--recipe <name|file>', 'take the features and model of this fine-tuning recipe (target length, sample rate, speaker normalisation, preset)');
  command.option('--config <file>', 'JSON pretraining config file (applied after the recipe)');
  command.option('--exclude-speakers <list>', 'comma-separated speakers to leave out, e.g. Actor_01,Actor_02 (repeatable)', collect, []);
  command.option('--exclude-fold <n>', "leave out the test speakers of fold n of --recipe's k-fold split (the fold you will fine-tune and test on)", integer);
  for (const f of CONFIG_FLAGS.filter((f) => SHARED_FLAG_PATHS.has(f.path))) {
    if (f.parse != null) command.option(f.flag, f.help, f.parse as (v: string, prev: unknown) => unknown);
    else command.option(f.flag, f.help);
  }
  for (const f of OWN_FLAGS) {
    if ('parse' in f) command.option(f.flag, f.help, f.parse as (v: string, prev: unknown) => unknown);
    else command.option(f.flag, f.help);
  }
  command.option('--set <path=value>', 'set any pretraining config value, e.g. --set mask.hide=token (repeatable; JSON when it parses)', collect, []);
  command.option('--resume <checkpoint|run folder>', 'continue a pretraining run exactly from its last checkpoint');
  return command;
}

/** The flags of a `pretrain` command line as one config layer (`--data` and the exclusions included). */
export function pretrainFlagsLayer(options: PretrainOptions): Record<string, unknown> {
  const layer = flagsLayer({ ...options, data: undefined });
  for (const f of OWN_FLAGS) {
    const key = f.flag.slice(2).split(' ')[0]?.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as string;
    if (options[key] !== undefined) setPath(layer, f.path, options[key]);
  }
  if ((options.data ?? []).length > 0) setPath(layer, 'data.roots', options.data);
  const excluded = (options.excludeSpeakers ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (excluded.length > 0) setPath(layer, 'data.excludeSpeakers', excluded);
  return layer;
}

/**
 * The pretraining configuration: defaults -> the fine-tuning recipe's features and model (`--recipe`) -> `--config`
 * -> flags, then `--exclude-fold`'s speakers added to the exclusions.
 * @throws ConfigError listing every invalid value, or for `--exclude-fold` without a recipe with folds.
 */
export function resolvePretrainConfig(options: PretrainOptions): { config: PretrainConfig; layers: AppliedLayer[] } {
  const layers: AppliedLayer[] = [{ source: 'defaults', layer: DEFAULT_PRETRAIN_CONFIG as unknown as Record<string, unknown> }];
  let folds: unknown[][] | undefined;
  if (options.recipe != null) {
    const recipe = readRecipe(options.recipe).layer;
    const picked: Record<string, unknown> = {};
    for (const path of RECIPE_PATHS) {
      const [section, key] = path.split('.') as [string, string];
      const value = (recipe[section] as Record<string, unknown> | undefined)?.[key];
      if (value !== undefined) setPath(picked, path, value);
    }
    layers.push({ source: `recipe ${options.recipe} (features and model)`, layer: picked });
    const split = (recipe['data'] as { split?: { kind?: string; folds?: unknown[][] } } | undefined)?.split;
    if (split?.kind === 'folds') folds = split.folds;
  }
  if (options.config != null) layers.push({ source: `config ${options.config}`, layer: readJsonLayer(options.config, 'config file') });
  const flags = pretrainFlagsLayer(options);
  if (Object.keys(flags).length > 0) layers.push({ source: 'flags', layer: flags });
  let merged: Record<string, unknown> = {};
  for (const l of layers) merged = mergeLayer(merged, l.layer);
  if (options.excludeFold != null) {
    if (folds == null) throw new ConfigError('--exclude-fold needs --recipe with a k-fold split by speaker (e.g. --recipe ravdess), whose fold lists the speakers to leave out.');
    const fold = folds[options.excludeFold];
    if (fold == null) throw new ConfigError(`--exclude-fold ${options.excludeFold}: the recipe has folds 0..${folds.length - 1}.`);
    const data = merged['data'] as { excludeSpeakers?: string[] };
    merged = mergeLayer(merged, { data: { excludeSpeakers: [...new Set([...(data.excludeSpeakers ?? []), ...fold.map(String)])] } });
  }
  const roots = (merged['data'] as { roots?: unknown } | undefined)?.roots;
  if (!Array.isArray(roots) || roots.length === 0) {
    throw new ConfigError('pretrain needs at least one --data <folder> (repeatable): dataset folders whose audio it learns from, e.g. --data ../shared/datasets/fsdd --data ../shared/datasets/ravdess-speech.');
  }
  return { config: validatePretrainConfig(merged, layers.map((l) => l.source).join(' -> ')), layers };
}

/**
 * Validates a merged pretraining configuration.
 * @throws ConfigError listing every problem as `path: message`.
 */
export function validatePretrainConfig(value: unknown, origin: string): PretrainConfig {
  const parsed = pretrainConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`Invalid pretraining configuration (from ${origin}):\n${lines.join('\n')}\nSee \`spectromix pretrain --help\`.`);
}

/** `spectromix pretrain`: a new pretraining run, or `--resume` of one. */
export async function pretrainCommand(options: PretrainOptions, signal?: AbortSignal): Promise<void> {
  if (options.resume != null) return resumePretrain(options, signal);
  const { config, layers } = resolvePretrainConfig(options);
  console.log(formatConfig(config, layers));
  const paths = newRunDir({ run: config.run, data: { dataset: 'pretrain' }, model: config.model });
  report(await removeRunDirIfNotStarted(paths.dir, () => pretrainRun(config, { paths, ...(signal != null ? { signal } : {}) })), paths);
}

function report(r: PretrainRunResult, paths: RunPaths): void {
  console.log(`Result ${paths.result}\nLog ${paths.log}\nWeights ${r.weights}`);
}

async function resumePretrain(options: PretrainOptions, signal?: AbortSignal): Promise<void> {
  const { meta, paths, file } = await locateResume(options.resume as string);
  const saved = (meta.config as { pretrainConfig?: unknown } | null)?.pretrainConfig;
  if (saved == null) throw new ConfigError(`--resume ${options.resume}: ${file} is not a pretraining checkpoint (resume training runs with \`spectromix train --resume\`).`);
  const flags = pretrainFlagsLayer(options);
  const changed: string[] = [];
  for (const [section, values] of Object.entries(flags)) for (const key of Object.keys(values as object)) if (!RESUMABLE.has(`${section}.${key}`)) changed.push(`${section}.${key}`);
  if (changed.length > 0 || options.recipe != null || options.config != null || options.excludeFold != null) {
    throw new ConfigError(`--resume continues the saved pretraining exactly, so ${[...changed, ...(options.recipe != null ? ['--recipe'] : []), ...(options.config != null ? ['--config'] : []), ...(options.excludeFold != null ? ['--exclude-fold'] : [])].join(', ')} cannot change. Only ${[...RESUMABLE].join(', ')} may be given with --resume.`);
  }
  const config = validatePretrainConfig(mergeLayer(saved, flags), 'checkpoint -> flags');
  console.log(formatConfig(config, [{ source: 'run config', layer: {} }, ...(Object.keys(flags).length > 0 ? [{ source: 'flags', layer: flags }] : [])]));
  console.log(`Resuming from ${file}`);
  const runPathsOf = paths ?? newRunDir({ run: config.run, data: { dataset: 'pretrain' }, model: config.model });
  const run = (): Promise<PretrainRunResult> => pretrainRun(config, { paths: runPathsOf, resume: file, ...(signal != null ? { signal } : {}) });
  report(await (paths == null ? removeRunDirIfNotStarted(runPathsOf.dir, run) : run()), runPathsOf);
}
