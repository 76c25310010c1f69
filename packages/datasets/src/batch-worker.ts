// Worker thread of the batch pipeline: builds batches from a feature cache file while the main thread trains.
import { parentPort, workerData } from 'node:worker_threads';
import { FileFeatureStore } from './features/file-feature-store.js';
import { assembleBatch } from './pipeline/assemble-batch.js';
import type { AssemblerConfig } from './pipeline/assembler.js';
import type { BatchPlan } from './pipeline/plan.js';
import type { Batch } from './pipeline/types.js';

/** A plan sent to this worker. */
export interface AssembleRequest {
  id: number;
  plan: BatchPlan;
}

/** This worker's answer. */
export type AssembleResponse = { id: number; ok: true; batch: Batch } | { id: number; ok: false; message: string };

const { files, config } = workerData as { files: string[]; config: AssemblerConfig };
const [store, ...variants] = files.map((f) => FileFeatureStore.open(f)) as [FileFeatureStore, ...FileFeatureStore[]];
const port = parentPort;
port?.on('message', ({ id, plan }: AssembleRequest) => {
  try {
    const batch = assembleBatch(store, plan, config, variants);
    port.postMessage({ id, ok: true, batch } satisfies AssembleResponse, [batch.x.buffer, batch.y.buffer, batch.labels.buffer, batch.indices.buffer] as ArrayBuffer[]);
  } catch (e) {
    port.postMessage({ id, ok: false, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } satisfies AssembleResponse);
  }
});
