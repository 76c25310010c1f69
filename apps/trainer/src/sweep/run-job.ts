import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { validateRunConfig } from '../config/resolve.js';
import type { RunConfig } from '../config/schema.js';
import { runPaths } from '../run/run-dir.js';
import { isDone, JOB_FILE, type ChildJob } from './child.js';
import type { ChildFailure } from './failures.js';
import type { SweepJobData, SweepJobResult } from './job.js';
import { LogProgress, type JobProgressReport } from './log-progress.js';

/** Options of {@link runJob}. */
export interface RunJobOptions {
  /** The run root all workers share. */
  readonly runs: string;
  /** This worker's backend, replacing the job's (`--backend`). */
  readonly backend?: RunConfig['run']['backend'];
  /** This worker's name (`host:pid`). */
  readonly worker: string;
  /** Stops the child (it writes a checkpoint first); the job then fails with a retryable error. */
  readonly signal?: AbortSignal;
  /** Called every `progressMs` with the run's progress. */
  readonly onProgress?: (p: JobProgressReport) => void;
  /** Progress interval in ms (default 2000). */
  readonly progressMs?: number;
}

/** A job's run folder: `<runs>/<sweep id>/<label>` (both names were checked to be plain folder names). */
export function jobRunDir(runs: string, data: Pick<SweepJobData, 'sweep' | 'label'>): string {
  return join(resolve(runs), data.sweep, data.label);
}

function finished(dir: string, worker: string): SweepJobResult {
  return { runDir: dir, worker, result: readFileSync(runPaths(dir).result, 'utf8') };
}

/**
 * Trains one job in a child process (`spectromix sweep-job`), in its run folder under the shared root: a fresh
 * run, or a resumed one when an earlier attempt (a killed worker) left checkpoints there; a folder that holds a
 * finished run is reported as is. The child's output goes to `worker.log` in the run folder.
 * @throws UnrecoverableError for failures that retrying cannot fix (see failures.ts), Error for the others.
 */
export async function runJob(data: SweepJobData, options: RunJobOptions): Promise<SweepJobResult> {
  const dir = jobRunDir(options.runs, data);
  if (isDone(dir)) return finished(dir, options.worker);
  const config = validateRunConfig(
    { ...data.config, run: { ...data.config.run, out: join(resolve(options.runs), data.sweep), name: data.label, backend: options.backend ?? data.config.run.backend } },
    `job ${data.label}`,
  );
  mkdirSync(dir, { recursive: true });
  const file = join(dir, JOB_FILE);
  writeFileSync(file, `${JSON.stringify({ dir, config } satisfies ChildJob, null, 2)}\n`);

  // The same program that runs this worker (the bin, or the source under tsx in tests), as a child with an IPC channel.
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] as string, 'sweep-job', file], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, FORCE_COLOR: '0' } });
  const log = createWriteStream(join(dir, 'worker.log'), { flags: 'a' });
  log.write(`--- ${new Date().toISOString()} ${options.worker}: attempt on ${config.run.backend}\n`);
  let tail = '';
  const keep = (d: Buffer): void => {
    log.write(d);
    tail = (tail + d.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let failure: ChildFailure | undefined;
  child.on('message', (m: ChildFailure) => {
    if (m?.type === 'failure') failure = m;
  });
  const progress = new LogProgress(runPaths(dir).log, options.worker);
  const timer = setInterval(() => options.onProgress?.(progress.poll()), options.progressMs ?? 2000);
  const stop = (): void => void child.kill('SIGTERM');
  options.signal?.addEventListener('abort', stop);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
  clearInterval(timer);
  options.signal?.removeEventListener('abort', stop);
  await new Promise<void>((res) => log.end(res));
  if (exit.code === 0 && isDone(dir)) {
    options.onProgress?.(progress.poll());
    return finished(dir, options.worker);
  }
  if (failure?.unrecoverable === true) throw new UnrecoverableError(`${failure.name}: ${failure.message}`);
  if (failure != null) throw new Error(`${failure.name}: ${failure.message}`);
  const how = exit.signal != null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  throw new Error(`the training process ${how}; last output:\n${tail.trim().split('\n').slice(-5).join('\n')}`);
}
