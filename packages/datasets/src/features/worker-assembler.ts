import type { Worker } from 'node:worker_threads';
import type { AssembleRequest, AssembleResponse } from '../batch-worker.js';
import { FeatureCacheError } from '../errors.js';
import type { AssemblerConfig, BatchAssembler } from '../pipeline/assembler.js';
import type { BatchPlan } from '../pipeline/plan.js';
import type { Batch } from '../pipeline/types.js';
import { spawnWorker } from '../spawn-worker.js';

/**
 * A batch assembler on a worker thread that reads the same cache file (`files[0]`) and the perturbed copies' files
 * (`files[1..]`, the pipeline's variant stores in order). The worker keeps the process alive only
 * while batches are pending, and is started again after a crash.
 */
export function workerAssembler(files: readonly string[], config: AssemblerConfig): BatchAssembler {
  const file = files[0] as string;
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (b: Batch) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const w = spawnWorker('batch-worker', { files, config });
    w.on('message', (msg: AssembleResponse) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.batch);
      else p.reject(new FeatureCacheError(`building a batch from '${file}' failed: ${msg.message}`));
      if (pending.size === 0) w.unref();
    });
    const crash = (why: string): void => {
      for (const p of pending.values()) p.reject(new FeatureCacheError(`the batch worker stopped (${why}); the next batch starts a new one`));
      pending.clear();
      if (worker === w) worker = undefined;
    };
    w.on('error', (e) => crash(e.message));
    w.on('exit', (code) => crash(`exit code ${code}`));
    return w;
  };
  return {
    assemble(plan: BatchPlan): Promise<Batch> {
      worker ??= start();
      const w = worker;
      w.ref();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, plan } satisfies AssembleRequest);
      });
    },
    async close(): Promise<void> {
      const w = worker;
      worker = undefined;
      if (!w) return;
      // An idle worker is unref'd, and a terminating one no longer holds the event loop: without this timer a
      // script whose last step is `await close()` can end before the worker's exit is reported.
      const keepAlive = setInterval(() => {}, 60_000);
      try {
        await w.terminate();
      } finally {
        clearInterval(keepAlive);
      }
    },
  };
}
