import type { Command } from 'commander';
import { sweepJobChild } from './child.js';
import { sweepResultsCommand } from './results.js';
import { sweepStatusCommand } from './status.js';
import { sweepCommand } from './submit.js';
import { workerCommand } from './worker.js';

const QUEUE_HELP = 'redis://[:password@]host:port[/db] or rediss://... (TLS); default $SPECTROMIX_QUEUE';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Adds `sweep` (with `sweep status` and `sweep results`), `worker` and the workers' hidden `sweep-job` to the CLI. */
export function addSweepCommands(cli: Command, signal: AbortSignal): void {
  const sweep = cli
    .command('sweep')
    .description('queue a grid of runs (recipe x variants x folds x seeds x --grid values) on a Valkey/Redis server for `spectromix worker`s; prints the sweep id')
    .argument('<spec>', 'sweep spec (.json, or a name in recipes/sweeps/) or a recipe (every fold of a k-fold recipe)')
    .option('--queue <url>', QUEUE_HELP)
    .option('--set <path=value>', 'set a config value for every job (repeatable)', collect, [])
    .option('--grid <path=v1,v2>', 'one set of jobs per value (repeatable; values parsed as JSON when they can be)', collect, [])
    .option('--seeds <list>', 'comma-separated seeds')
    .option('--folds <all|list>', "folds of a k-fold recipe: 'all' or a comma-separated list")
    .option('--name <name>', 'sweep name (default: the spec file or recipe name)')
    .option('--dry-run', 'print the jobs without queueing them')
    .action((spec: string, opts: Record<string, unknown>) => sweepCommand(spec, opts));
  sweep
    .command('status')
    .description('progress of a sweep: queued / running (where) / done / failed (with the error), ETA')
    .argument('<id>', 'sweep id (printed by spectromix sweep)')
    .option('--queue <url>', QUEUE_HELP)
    .option('--json', 'print as JSON')
    // `--queue` after the subcommand lands in `sweep`'s options too: read both.
    .action((id: string, _opts: Record<string, unknown>, command: Command) => sweepStatusCommand(id, command.optsWithGlobals()));
  sweep
    .command('results')
    .description("a sweep's results: per variant / grid value / seed, the k-fold table of `spectromix kfold`")
    .argument('<id>', 'sweep id')
    .option('--queue <url>', QUEUE_HELP)
    .option('--out <file>', 'also write the results as JSON')
    .action((id: string, _opts: Record<string, unknown>, command: Command) => sweepResultsCommand(id, command.optsWithGlobals()));
  cli
    .command('worker')
    .description('run sweep jobs from the queue until interrupted: each in a child process, run folders under --runs')
    .option('--queue <url>', QUEUE_HELP)
    .option('--runs <folder>', 'run root shared by all workers (e.g. an NFS mount); jobs write <runs>/<sweep id>/<job>')
    .option('--backend <name>', "auto | webgpu | tensorflow | wasm | cpu (default: the job's)")
    .option('--concurrency <n>', 'jobs at a time', '1')
    .option('--lock-seconds <s>', "seconds without this worker's heartbeat before its jobs go to another worker", '30')
    .action((opts: Record<string, unknown>) => workerCommand(opts, signal));
  cli
    .command('sweep-job', { hidden: true })
    .argument('<file>', "the job file a worker wrote in the job's run folder")
    .action((file: string) => sweepJobChild(file));
}
