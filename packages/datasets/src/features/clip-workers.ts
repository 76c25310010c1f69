import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { FeatureCacheError } from '../errors.js';
import type { ExtractRequest, ExtractResponse } from '../extract-worker.js';
import { spawnWorker } from '../spawn-worker.js';
import { encodeRow } from './cache-row.js';
import { type ClipJob, describeError, extractClip } from './extract-clip.js';
import type { ResolvedFeatureSettings } from './settings.js';

/** The outcome of one clip: its encoded row, or why it has none. */
export type ClipResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** Jobs in flight per worker (keeps a worker busy while its last answer travels back). */
const IN_FLIGHT = 2;

/**
 * Extracts the features of every job, on `workers` worker threads (0: on this thread), calling `onResult` as
 * each finishes (in any order). A crashed worker's clips are reported as failed and a new worker takes over.
 */
export async function extractClips(
  jobs: readonly ClipJob[],
  settings: ResolvedFeatureSettings,
  workers: number,
  onResult: (index: number, result: ClipResult) => void,
): Promise<void> {
  if (workers === 0) {
    for (const [i, job] of jobs.entries()) {
      try {
        onResult(i, { ok: true, bytes: encodeRow(await extractClip(job, settings), settings.dtype) });
      } catch (e) {
        onResult(i, { ok: false, reason: describeError(e) });
      }
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let restarts = 0;
    const live = new Set<Worker>();
    const done = (i: number, result: ClipResult): void => {
      onResult(i, result);
      if (++finished === jobs.length) {
        for (const w of live) void w.terminate();
        resolve();
      }
    };
    const start = (): void => {
      const w = spawnWorker('extract-worker', { settings });
      const mine = new Set<number>();
      live.add(w);
      const feed = (): void => {
        while (mine.size < IN_FLIGHT && next < jobs.length) {
          const id = next++;
          mine.add(id);
          const job = jobs[id] as ClipJob;
          w.postMessage({ id, path: job.path, ...(job.offsetSeconds !== undefined ? { offsetSeconds: job.offsetSeconds } : {}), ...(job.durationSeconds !== undefined ? { durationSeconds: job.durationSeconds } : {}) } satisfies ExtractRequest);
        }
      };
      w.on('message', (msg: ExtractResponse) => {
        mine.delete(msg.id);
        feed();
        done(msg.id, msg.ok ? { ok: true, bytes: msg.bytes } : { ok: false, reason: msg.reason });
      });
      const crashed = (why: string): void => {
        if (!live.delete(w) || finished === jobs.length) return;
        const lost = [...mine];
        mine.clear();
        if (++restarts > 3 * workers) {
          for (const x of live) void x.terminate();
          reject(new FeatureCacheError(`feature workers crashed ${restarts} times, last: ${why}`));
          return;
        }
        if (next < jobs.length) start();
        for (const id of lost) done(id, { ok: false, reason: `the feature worker crashed on this clip: ${why}` });
      };
      w.on('error', (e) => crashed(e.message));
      w.on('exit', (code) => crashed(`it exited with code ${code}`));
      feed();
    };
    for (let k = 0; k < Math.min(workers, jobs.length); k++) start();
    if (jobs.length === 0) resolve();
  });
}

/** Default number of feature workers: one per available core. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}
