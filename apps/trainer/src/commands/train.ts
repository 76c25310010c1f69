import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { foldContaining } from '@spectromix/datasets';
import type { CheckpointMeta } from '@spectromix/train';
import { DirectoryCheckpointStore, readCheckpointMetaFile } from '@spectromix/train/node';
import { resolveRunConfig, validateRunConfig, type AppliedLayer } from '../config/resolve.js';
import type { RunConfig } from '../config/schema.js';
import { mergeLayer } from '../config/merge.js';
import { flagsLayer } from '../config/flags.js';
import { ConfigError } from '../errors.js';
import { checkpointRunConfig } from '../model/load-model.js';
import { newRunDir, runPaths, type RunPaths } from '../run/run-dir.js';
import { formatConfig } from '../run/print-config.js';
import { removeRunDirIfNotStarted } from '../run/start-guard.js';
import { selectionOf, trainRun, type TrainRunResult } from '../run/train-run.js';
import { formatDuration } from '../run/progress.js';
import { kfoldCommand } from './kfold.js';
import { checkFoldFlag } from './fold-flag.js';
import { foldCount } from '../config/protocol.js';

/** Options of the `train` command, as commander parses them. */
export interface TrainOptions extends Record<string, unknown> {
  readonly recipe?: string;
  readonly config?: string;
  readonly fold?: string;
  readonly resume?: string;
}

/** Config sections a resumed run may change (everything else must equal the checkpoint's, or the resume is not exact). */
const RESUMABLE_CHANGES = new Set(['train.epochs', 'run.backend', 'run.out', 'run.name', 'checkpoint.everySteps', 'checkpoint.keepLast', 'data.root', 'data.cacheDir', 'data.workers']);

/** `spectromix train`: one run, every fold of a k-fold recipe (`--fold all`), or a resumed run. */
export async function trainCommand(options: TrainOptions, signal?: AbortSignal): Promise<void> {
  const flags = flagsLayer(options);
  if (options.resume != null) {
    if (options.fold != null) throw new ConfigError('--fold cannot change with --resume: the run continues on its own fold.');
    return resumeCommand(options.resume, flags, signal);
  }
  if (options.fold != null) {
    checkFoldFlag(options.fold, { ...(options.recipe != null ? { recipe: options.recipe } : {}), ...(options.config != null ? { configFile: options.config } : {}), flags });
  }
  const { config, layers } = resolveTrainConfig(options, flags);
  if (options.fold === 'all') return allFolds(config, layers, signal);
  console.log(formatConfig(config, layers));
  const paths = newRunDir(config);
  report(await removeRunDirIfNotStarted(paths.dir, () => trainRun(config, { paths, ...(signal != null ? { signal } : {}) })), paths);
}

/**
 * The configuration of `train` (and `dump-inputs`): defaults -> recipe -> config file -> flags, then the fold of
 * `--fold <n | group>` (`--fold all` is left to the caller).
 */
export function resolveTrainConfig(options: TrainOptions, flags: Record<string, unknown> = flagsLayer(options)): { config: RunConfig; layers: AppliedLayer[] } {
  const inputs = {
    ...(options.recipe != null ? { recipe: options.recipe } : {}),
    ...(options.config != null ? { configFile: options.config } : {}),
  };
  const resolved = resolveRunConfig({ ...inputs, flags });
  if (options.fold == null || options.fold === 'all') return resolved;
  const withFold = { ...flags, data: mergeLayer(flags['data'] ?? {}, { split: { fold: foldIndex(resolved.config, options.fold) } }) };
  return resolveRunConfig({ ...inputs, flags: withFold });
}

/**
 * The fold index of `--fold <n | group>`: a number, or a speaker (or official fold) listed in one of the folds,
 * e.g. `--fold jackson` for FSDD leave-one-speaker-out.
 * @throws ConfigError for a split without folds, or a value that names no fold.
 */
export function foldIndex(config: RunConfig, value: string): number {
  const split = config.data.split;
  if (split.kind === 'stratified-clips') {
    if (/^\d+$/.test(value)) return Number(value);
    throw new ConfigError(`--fold expects a fold number (0..${split.k - 1}) or 'all' for the clip-level split; got '${value}'.`);
  }
  if (split.kind !== 'folds') throw new ConfigError(`--fold needs a k-fold split (data.split.kind 'folds' or 'stratified-clips'); this config's split is '${split.kind}'.`);
  if (/^\d+$/.test(value)) return Number(value);
  const index = foldContaining(split.folds, value);
  if (index < 0) throw new ConfigError(`--fold expects a fold number (0..${split.folds.length - 1}), 'all', or a ${split.by} listed in a fold (${split.folds.flat().join(', ')}); got '${value}'.`);
  return index;
}

/** Prints the end-of-run summary. */
export function report(r: TrainRunResult, paths: RunPaths): void {
  const f = r.fit;
  const lines = [
    '',
    `Finished in ${formatDuration(r.wallSeconds)} on ${r.backend}: ${f.samplesPerSecond.toFixed(1)} training samples/s.`,
    f.best != null ? `Best epoch: ${f.best.epoch + 1} (validation ${f.best.metric} ${f.best.metric === 'loss' ? f.best.value.toFixed(4) : `${(100 * f.best.value).toFixed(2)}%`}).` : 'No validation set: the last epoch is kept.',
  ];
  if (selectionOf(r.config.data.split) === 'test') lines.push("Warning: this k-fold split validates on its test fold (data.split.validation 'test-fold'), so the epoch was chosen on the test speakers; set data.split.validation to { nextFold: n } or 'official' for a number to report.");
  const chosen =
    r.averaging?.kept === 'average' ? `the average of epochs ${r.averaging.epochs.map((e) => e + 1).join(', ')}, chosen on validation` : f.best != null ? `at epoch ${f.best.epoch + 1}, chosen on validation` : 'at the last epoch';
  for (const [name, m] of [['Validation', f.validation], [`Test (${chosen})`, f.test]] as const) {
    if (m != null) lines.push(`${name}: accuracy ${(100 * m.accuracy).toFixed(2)}% on ${m.count} clips, macro AUC ${(100 * m.macroAuc).toFixed(2)}%, mAP ${(100 * m.mAP).toFixed(2)}%.`);
  }
  lines.push(`Report ${paths.report}`, `Log ${paths.log}`, `Model (web demo format) ${paths.model}`);
  console.log(lines.join('\n'));
}

async function allFolds(config: RunConfig, layers: AppliedLayer[], signal?: AbortSignal): Promise<void> {
  const split = config.data.split;
  const count = foldCount(split);
  if (count == null) throw new ConfigError(`--fold all needs a k-fold split (data.split.kind 'folds' or 'stratified-clips'); this config's split is '${split.kind}'.`);
  console.log(formatConfig(config, layers));
  const root = newRunDir(config);
  await removeRunDirIfNotStarted(root.dir, () => runFolds(config, split, count, root.dir, signal));
}

async function runFolds(config: RunConfig, split: RunConfig['data']['split'], count: number, rootDir: string, signal?: AbortSignal): Promise<void> {
  const foldDirs: string[] = [];
  for (let fold = 0; fold < count; fold++) {
    console.log(`\n=== Fold ${fold + 1}/${count}: ${split.kind === 'folds' ? split.folds[fold]?.join(', ') : 'clip-level stratified'} ===`);
    const foldConfig = validateRunConfig(mergeLayer(config, { data: { split: { ...split, fold } } }), 'fold');
    const paths = runPaths(join(rootDir, `fold-${fold}`));
    const r = await trainRun(foldConfig, { paths, ...(signal != null ? { signal } : {}) });
    report(r, paths);
    foldDirs.push(paths.dir);
  }
  kfoldCommand(foldDirs, { out: join(rootDir, 'kfold.json') });
}

/** Finds the checkpoint and run folder of `--resume <checkpoint file | run folder | checkpoints folder>`. */
export async function locateResume(path: string): Promise<{ meta: CheckpointMeta; paths: RunPaths | undefined; file: string }> {
  if (!existsSync(path)) throw new ConfigError(`--resume ${path}: no such file or folder.`);
  if (statSync(path).isDirectory()) {
    const runDir = existsSync(join(path, 'checkpoints')) ? path : basename(path) === 'checkpoints' ? dirname(path) : path;
    const file = await new DirectoryCheckpointStore(join(runDir, 'checkpoints')).latest();
    return { meta: await readCheckpointMetaFile(file), paths: runPaths(runDir), file };
  }
  const parent = dirname(path);
  return { meta: await readCheckpointMetaFile(path), paths: basename(parent) === 'checkpoints' ? runPaths(dirname(parent)) : undefined, file: path };
}

async function resumeCommand(path: string, flags: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
  const { meta, paths, file } = await locateResume(path);
  const saved = checkpointRunConfig(meta, file);
  const changed: string[] = [];
  for (const [section, values] of Object.entries(flags)) {
    for (const key of Object.keys(values as object)) if (!RESUMABLE_CHANGES.has(`${section}.${key}`)) changed.push(`${section}.${key}`);
  }
  if (changed.length > 0) {
    throw new ConfigError(`--resume continues the saved run exactly, so ${changed.join(', ')} cannot change. Only ${[...RESUMABLE_CHANGES].join(', ')} may be given with --resume.`);
  }
  const { config, layers } = resolveRunConfig({ base: saved, flags });
  console.log(formatConfig(config, layers));
  console.log(`Resuming from ${file}`);
  const runDirPaths = paths ?? newRunDir(config);
  const run = (): ReturnType<typeof trainRun> => trainRun(config, { paths: runDirPaths, resume: file, ...(signal != null ? { signal } : {}) });
  // A run folder made for this resume goes again if the resume fails to start; the original one is never removed.
  report(await (paths == null ? removeRunDirIfNotStarted(runDirPaths.dir, run) : run()), runDirPaths);
}
