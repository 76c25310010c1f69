import { flagsLayer } from '../config/flags.js';
import { ConfigError } from '../errors.js';
import { expandSweep, type ExpandedSweep } from './expand.js';
import { jobId } from './job.js';
import { parseQueueUrl } from './queue-url.js';
import { loadSweepSpec, type LoadedSpec } from './spec.js';
import { SweepStore } from './store.js';

/** Options of `spectromix sweep`, as commander parses them. */
export interface SweepOptions extends Record<string, unknown> {
  readonly queue?: string;
  readonly set?: string[];
  readonly grid?: string[];
  readonly seeds?: string;
  readonly folds?: string;
  readonly name?: string;
  readonly dryRun?: boolean;
}

/** Parses `--grid path=v1,v2` or `--grid path=[v1,v2]` into a path and its values (each value JSON when it parses). */
export function parseGridFlag(assignment: string): [string, unknown[]] {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--grid expects path=v1,v2 (e.g. --grid optimizer.lr=0.00025,0.001), got '${assignment}'.`);
  const raw = assignment.slice(eq + 1).trim();
  const json = (s: string): unknown => {
    try {
      return JSON.parse(s);
    } catch {
      return s;
    }
  };
  const values = raw.startsWith('[') ? json(raw) : raw.split(',').map((s) => json(s.trim()));
  if (!Array.isArray(values) || values.length === 0) throw new ConfigError(`--grid ${assignment}: give at least one value.`);
  return [assignment.slice(0, eq), values];
}

/** The spec with the command line's `--grid`, `--seeds`, `--folds` and `--name` applied. */
export function applySweepFlags(loaded: LoadedSpec, options: SweepOptions): LoadedSpec {
  let spec = loaded.spec;
  for (const g of options.grid ?? []) {
    const [path, values] = parseGridFlag(g);
    spec = { ...spec, grid: { ...spec.grid, [path]: values } };
  }
  const ints = (flag: string, v: string): number[] =>
    v.split(',').map((s) => {
      const n = Number(s);
      if (s.trim() === '' || !Number.isInteger(n) || n < 0) throw new ConfigError(`${flag} expects comma-separated non-negative integers, got '${v}'.`);
      return n;
    });
  if (options.seeds != null) spec = { ...spec, seeds: ints('--seeds', options.seeds) };
  if (options.folds != null) spec = { ...spec, folds: options.folds === 'all' ? 'all' : ints('--folds', options.folds) };
  return { ...loaded, spec, name: options.name ?? loaded.name };
}

/** Expands `spectromix sweep <spec|recipe>`'s arguments into a sweep (no server needed). */
export function sweepFromArgs(arg: string, options: SweepOptions): { sweep: ExpandedSweep; loaded: LoadedSpec } {
  const loaded = applySweepFlags(loadSweepSpec(arg), options);
  return { sweep: expandSweep(loaded, flagsLayer({ set: options.set ?? [] })), loaded };
}

/**
 * `spectromix sweep <spec.json | sweep name | recipe> --queue redis://...`: expands the grid into jobs with
 * stable ids and adds those the queue does not hold yet; prints the sweep id.
 */
export async function sweepCommand(arg: string, options: SweepOptions): Promise<void> {
  const { sweep, loaded } = sweepFromArgs(arg, options);
  if (options.dryRun === true) {
    console.log(`Sweep ${sweep.id}: ${sweep.jobs.length} jobs (dry run, nothing queued)`);
    for (const j of sweep.jobs) console.log(`  ${j.label}`);
    return;
  }
  const address = parseQueueUrl(options.queue);
  const store = new SweepStore(address);
  try {
    await store.saveRecord({ id: sweep.id, name: sweep.name, source: loaded.source, created: new Date().toISOString(), jobs: sweep.jobs.map((j) => ({ label: j.label, group: j.group, fold: j.fold, variant: j.variant })) });
    const attempts = loaded.spec.attempts;
    const existing = await Promise.all(sweep.jobs.map((j) => store.queue.getJob(jobId(sweep.id, j.label))));
    const fresh = sweep.jobs.filter((_, i) => existing[i] == null);
    // BullMQ ignores an add whose jobId exists, so a second submission racing this one adds nothing either.
    await store.queue.addBulk(
      fresh.map((j) => ({
        name: j.label,
        data: j,
        opts: { jobId: jobId(sweep.id, j.label), attempts, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: false, removeOnFail: false },
      })),
    );
    console.log(`Sweep ${sweep.id} on ${address.display}: ${sweep.jobs.length} jobs, ${fresh.length} added, ${sweep.jobs.length - fresh.length} already queued or done.`);
    console.log(`Follow it with: spectromix sweep status ${sweep.id}${options.queue != null ? ' --queue <the same URL>' : ''}`);
    console.log(sweep.id);
  } finally {
    await store.close();
  }
}
