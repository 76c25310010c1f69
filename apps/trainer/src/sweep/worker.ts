import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { validateRunConfig } from '../config/resolve.js';
import { BACKEND_CHOICES, type RunConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { KEY_PREFIX, QUEUE_NAME, sweepJobSchema, type SweepJobData, type SweepJobResult } from './job.js';
import { parseQueueUrl } from './queue-url.js';
import { runJob } from './run-job.js';

/** Options of `spectromix worker`, as commander parses them. */
export interface WorkerOptions extends Record<string, unknown> {
  readonly queue?: string;
  readonly runs?: string;
  readonly backend?: string;
  readonly concurrency?: string;
  readonly lockSeconds?: string;
}

/**
 * Checks a job before anything runs: its data must be a sweep job and its configuration must pass the run
 * schema. A job that fails either is refused once (BullMQ's UnrecoverableError: no retry).
 */
export function acceptJob(data: unknown, id: string): SweepJobData {
  const shape = sweepJobSchema.safeParse(data);
  if (!shape.success) throw new UnrecoverableError(`refused job ${id}: not a sweep job (${shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  try {
    return { ...(shape.data as Omit<SweepJobData, 'config'>), config: validateRunConfig(shape.data.config, `job ${id}`) };
  } catch (error) {
    throw new UnrecoverableError(`refused job ${id}: ${(error as Error).message}`);
  }
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  if (value == null) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${flag} expects a positive number, got '${value}'.`);
  return n;
}

/**
 * `spectromix worker --queue redis://... --runs <shared root>`: takes sweep jobs from the queue, `--concurrency`
 * at a time, each trained in a child process in `<runs>/<sweep>/<job>`, and reports progress and the final
 * metrics through the queue. BullMQ's job locks make a killed worker's jobs come back to the queue after
 * `--lock-seconds`, where another worker resumes them from their last checkpoint. Runs until interrupted.
 */
export async function workerCommand(options: WorkerOptions, signal?: AbortSignal): Promise<void> {
  const address = parseQueueUrl(options.queue);
  if (options.runs == null) throw new ConfigError('--runs <folder> is required: the run root every worker shares (e.g. an NFS mount), where each job writes <runs>/<sweep id>/<job>.');
  const runs = resolve(options.runs);
  mkdirSync(runs, { recursive: true });
  if (options.backend != null && !(BACKEND_CHOICES as readonly string[]).includes(options.backend)) throw new ConfigError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${options.backend}'.`);
  const backend = options.backend as RunConfig['run']['backend'] | undefined;
  const concurrency = positive('--concurrency', options.concurrency, 1);
  if (!Number.isInteger(concurrency)) throw new ConfigError(`--concurrency expects an integer, got '${options.concurrency}'.`);
  const lockMs = Math.round(1000 * positive('--lock-seconds', options.lockSeconds, 30));
  const name = `${hostname()}:${process.pid}`;
  const print = (line: string): void => void process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const running = new Map<string, { stop: AbortController; done: Promise<unknown> }>();

  const processor = async (job: Job<SweepJobData, SweepJobResult>, _token?: string, jobSignal?: AbortSignal): Promise<SweepJobResult> => {
    const id = job.id ?? '?';
    const data = acceptJob(job.data, id);
    const stop = new AbortController();
    jobSignal?.addEventListener('abort', () => stop.abort());
    print(`${id}: started (attempt ${job.attemptsMade + 1}${job.stalledCounter > 0 ? `, after ${job.stalledCounter} stall(s)` : ''})`);
    const done = runJob(data, {
      runs,
      worker: name,
      signal: stop.signal,
      ...(backend != null ? { backend } : {}),
      // A progress update that cannot reach the server (it restarts) is dropped: the next one replaces it.
      onProgress: (p) => void job.updateProgress({ ...p }).catch(() => undefined),
    });
    running.set(id, { stop, done: done.catch(() => undefined) });
    try {
      return await done;
    } finally {
      running.delete(id);
    }
  };

  const worker = new Worker<SweepJobData, SweepJobResult>(QUEUE_NAME, processor, {
    prefix: KEY_PREFIX,
    connection: { url: address.url },
    name,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 3,
  });
  // Another worker owns the job now (this one was cut off longer than the lock): stop training it here.
  worker.on('lockRenewalFailed', (ids) => {
    for (const id of ids) {
      print(`${id}: lost its lock (the server was out of reach too long); stopping it here, another worker resumes it`);
      running.get(id)?.stop.abort();
    }
  });
  let lastError = '';
  worker.on('error', (e) => {
    // Connection errors repeat on every retry: print each distinct one once. ioredis messages name host and port, never the password.
    if (e.message !== lastError) print(`queue ${address.display}: ${e.message} (reconnecting; running jobs go on)`);
    lastError = e.message;
  });
  worker.on('ready', () => {
    if (lastError !== '') print(`queue ${address.display}: connected again`);
    lastError = '';
  });
  worker.on('completed', (job) => print(`${job.id}: done`));
  worker.on('failed', (job, error) => {
    const again = job != null && !(error instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1);
    print(`${job?.id ?? '?'}: failed${again ? ' (will be retried)' : ''}: ${error.message}`);
  });
  print(`worker ${name}: queue ${address.display}, runs ${runs}, concurrency ${concurrency}${backend != null ? `, backend ${backend}` : ''}`);

  await new Promise<void>((res) => {
    if (signal?.aborted === true) res();
    signal?.addEventListener('abort', () => res());
  });
  print(`worker ${name}: stopping; running jobs write a checkpoint and go back to the queue for another worker`);
  await worker.close(true);
  for (const r of running.values()) r.stop.abort();
  await Promise.all([...running.values()].map((r) => r.done));
}
