import { z } from 'zod';
import type { RunConfig } from '../config/schema.js';
import { SAFE_NAME } from './spec.js';

/** BullMQ queue name every sweep's jobs go to (one queue: a worker serves every sweep). */
export const QUEUE_NAME = 'sweeps';
/** Key prefix of BullMQ's keys and of the sweep records (`spectromix:sweep:<id>`). */
export const KEY_PREFIX = 'spectromix';

/**
 * What a job carries: data only (names, numbers and a run configuration), never code. Workers validate it with
 * {@link sweepJobSchema} and the config with the run schema before they run anything.
 */
export interface SweepJobData {
  /** The sweep id. */
  readonly sweep: string;
  /** The job's name within the sweep, also its run folder's name (`<variant>[-<grid>]-seed<s>[-fold<f>]`). */
  readonly label: string;
  /** The label without the fold: the jobs of one group form one k-fold result. */
  readonly group: string;
  /** Variant name (`base` when the spec has none). */
  readonly variant: string;
  /** Fold number of a k-fold recipe, or null. */
  readonly fold: number | null;
  /** `run.seed`. */
  readonly seed: number;
  /** The grid values of this job (dotted path -> value). */
  readonly grid: Readonly<Record<string, unknown>>;
  /** The complete, validated run configuration. */
  readonly config: RunConfig;
}

const safe = z.string().regex(SAFE_NAME);

/** Shape check of a job's data (the config inside is checked against the run schema separately). */
export const sweepJobSchema = z.strictObject({
  sweep: safe,
  label: safe,
  group: safe,
  variant: safe,
  fold: z.number().int().min(0).nullable(),
  seed: z.number().int().min(0),
  grid: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()),
});

/** The BullMQ job id of a sweep job: stable, so submitting the same sweep again adds nothing. */
export function jobId(sweep: string, label: string): string {
  return `${sweep}.${label}`;
}

/** What a finished job returns through the queue. */
export interface SweepJobResult {
  /** The run folder on the worker (under its `--runs` root). */
  readonly runDir: string;
  /** The worker that finished it (`host:pid`). */
  readonly worker: string;
  /** The run's `result.json` text (history with validation metrics per epoch, final metrics). */
  readonly result: string;
}
