import type { Job } from 'bullmq';
import { parseWithNonFinite } from '@spectromix/train';
import { formatDuration } from '../run/progress.js';
import { jobId, type SweepJobData, type SweepJobResult } from './job.js';
import type { JobProgressReport } from './log-progress.js';
import { parseQueueUrl } from './queue-url.js';
import { SweepStore, type SweepRecord } from './store.js';

/** A job's state as `sweep status` shows it. */
export type JobState = 'queued' | 'retrying' | 'running' | 'done' | 'failed' | 'missing';

/** One row of the status table. */
export interface StatusRow {
  readonly label: string;
  readonly state: JobState;
  /** The worker that runs (or ran) it. */
  readonly where: string;
  /** Fraction done, 0..1. */
  readonly fraction: number;
  /** Attempts used (failed tries) and stalls (workers lost while running it). */
  readonly attempts: number;
  readonly stalls: number;
  /** Seconds it ran (running: so far; done: in all). */
  readonly seconds: number | null;
  /** The final validation accuracy, or the error. */
  readonly note: string;
}

/** BullMQ's state names -> the table's. */
function stateOf(bull: string): JobState {
  if (bull === 'completed') return 'done';
  if (bull === 'failed') return 'failed';
  if (bull === 'active') return 'running';
  if (bull === 'delayed') return 'retrying';
  if (bull === 'unknown') return 'missing';
  return 'queued';
}

/** The status row of one job. */
export async function statusRow(label: string, job: Job<SweepJobData, SweepJobResult> | undefined, now: number): Promise<StatusRow> {
  if (job == null) return { label, state: 'missing', where: '', fraction: 0, attempts: 0, stalls: 0, seconds: null, note: 'not in the queue (removed?); submit the sweep again to add it' };
  const state = stateOf(await job.getState());
  const p = (typeof job.progress === 'object' ? job.progress : {}) as Partial<JobProgressReport>;
  const result = state === 'done' && job.returnvalue != null ? (parseWithNonFinite(job.returnvalue.result) as { validation?: { accuracy: number } | null }) : undefined;
  const note =
    state === 'done'
      ? result?.validation != null
        ? `validation accuracy ${(100 * result.validation.accuracy).toFixed(2)}%`
        : ''
      : state === 'running'
        ? `epoch ${p.epoch ?? '?'}/${p.epochs ?? '?'}${p.loss != null ? `, loss ${p.loss.toFixed(4)}` : ''}`
        : (job.failedReason ?? '').split('\n')[0] ?? '';
  const start = job.processedOn;
  const seconds = start == null ? null : ((state === 'running' ? now : (job.finishedOn ?? now)) - start) / 1000;
  return {
    label,
    state,
    where: job.processedBy ?? p.worker ?? '',
    fraction: state === 'done' ? 1 : state === 'running' ? (p.fraction ?? 0) : 0,
    attempts: job.attemptsMade,
    stalls: job.stalledCounter,
    seconds: state === 'queued' ? null : seconds,
    note,
  };
}

/**
 * Time left, in seconds: the jobs still to run (queued, and what running jobs have left) times the mean duration
 * of a job, shared by the workers busy now. The mean comes from finished jobs, else from running jobs' progress.
 * @returns null while nothing tells a job's duration.
 */
export function estimateSeconds(rows: readonly StatusRow[]): number | null {
  const done = rows.filter((r) => r.state === 'done' && r.seconds != null);
  const running = rows.filter((r) => r.state === 'running');
  const left = rows.filter((r) => r.state === 'queued' || r.state === 'retrying').length + running.reduce((s, r) => s + (1 - r.fraction), 0);
  if (left === 0) return 0;
  let mean: number | null = done.length > 0 ? done.reduce((s, r) => s + (r.seconds as number), 0) / done.length : null;
  const measured = running.filter((r) => r.fraction > 0.05 && r.seconds != null);
  if (mean == null && measured.length > 0) mean = measured.reduce((s, r) => s + (r.seconds as number) / r.fraction, 0) / measured.length;
  if (mean == null) return null;
  return (left * mean) / Math.max(1, running.length);
}

/** The status table `spectromix sweep status` prints. */
export function formatStatus(record: SweepRecord, display: string, rows: readonly StatusRow[]): string {
  const count = (s: JobState): number => rows.filter((r) => r.state === s).length;
  const eta = estimateSeconds(rows);
  const parts = (['done', 'running', 'queued', 'retrying', 'failed', 'missing'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`);
  const head = `Sweep ${record.id} on ${display}: ${rows.length} jobs, ${parts.join(', ')}. ${
    count('done') === rows.length ? 'Finished.' : eta == null ? 'ETA: unknown until a job reports progress.' : `ETA ${formatDuration(eta)} at the current number of running jobs.`
  }`;
  const table = [['job', 'state', 'where', 'progress', 'tries', 'time', 'result / error']];
  for (const r of rows) {
    const tries = `${r.attempts}${r.stalls > 0 ? `+${r.stalls} stalled` : ''}`;
    table.push([r.label, r.state, r.where, `${Math.round(100 * r.fraction)}%`, tries, r.seconds != null ? formatDuration(r.seconds) : '', r.note]);
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  return [head, '', ...table.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd())].join('\n');
}

/** The jobs of a sweep with their state, in the sweep's order. */
export async function sweepRows(store: SweepStore, record: SweepRecord): Promise<{ rows: StatusRow[]; jobs: (Job<SweepJobData, SweepJobResult> | undefined)[] }> {
  const jobs = await Promise.all(record.jobs.map((j) => store.queue.getJob(jobId(record.id, j.label))));
  const now = Date.now();
  const rows = await Promise.all(record.jobs.map((j, i) => statusRow(j.label, jobs[i], now)));
  return { rows, jobs };
}

/** `spectromix sweep status <id>`: the progress table (queued / running where / done / failed with the error, ETA). */
export async function sweepStatusCommand(id: string, options: { queue?: string; json?: boolean }): Promise<void> {
  const address = parseQueueUrl(options.queue);
  const store = new SweepStore(address);
  try {
    const record = await store.record(id);
    const { rows } = await sweepRows(store, record);
    if (options.json === true) console.log(JSON.stringify({ id: record.id, eta: estimateSeconds(rows), jobs: rows }, null, 2));
    else console.log(formatStatus(record, address.display, rows));
  } finally {
    await store.close();
  }
}
