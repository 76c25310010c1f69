import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { checkOutputDir } from '../io/output-path.js';

/** The files of one run folder. */
export interface RunPaths {
  /** The run folder. */
  readonly dir: string;
  /** The resolved configuration. */
  readonly config: string;
  /** JSON Lines event log. */
  readonly log: string;
  /** Checkpoints (`step-*.safetensors`, `best.safetensors`). */
  readonly checkpoints: string;
  /** Final metrics. */
  readonly result: string;
  /** HTML report. */
  readonly report: string;
  /** Exported model (web-demo format). */
  readonly model: string;
}

/** Paths inside a run folder. */
export function runPaths(dir: string): RunPaths {
  const d = resolve(dir);
  return {
    dir: d,
    config: join(d, 'config.json'),
    log: join(d, 'log.jsonl'),
    checkpoints: join(d, 'checkpoints'),
    result: join(d, 'result.json'),
    report: join(d, 'report.html'),
    model: join(d, 'model'),
  };
}

/**
 * A new run folder `<run.out>/<run.name or dataset-preset-time>` (a suffix is added if it exists).
 * @throws OutputPathError when `run.out` cannot hold it (a file, or a folder that is not writable).
 */
export function newRunDir(config: { readonly run: Pick<RunConfig['run'], 'out' | 'name'>; readonly data: { readonly dataset: string }; readonly model: { readonly preset: string } }): RunPaths {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const base = join(checkOutputDir(config.run.out, '--out'), config.run.name ?? `${config.data.dataset}-${config.model.preset}-${stamp}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  mkdirSync(dir, { recursive: true });
  return runPaths(dir);
}
