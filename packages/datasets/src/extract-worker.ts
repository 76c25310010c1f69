// Worker thread of the feature cache: turns clip jobs into encoded feature rows.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeRow } from './features/cache-row.js';
import { type ClipJob, describeError, extractClip } from './features/extract-clip.js';
import type { ResolvedFeatureSettings } from './features/settings.js';

/** A job sent to this worker. */
export interface ExtractRequest extends ClipJob {
  id: number;
}

/** This worker's answer. */
export type ExtractResponse = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; reason: string };

const settings = (workerData as { settings: ResolvedFeatureSettings }).settings;
const port = parentPort;
port?.on('message', (job: ExtractRequest) => {
  extractClip(job, settings).then(
    (data) => {
      const bytes = encodeRow(data, settings.dtype);
      port.postMessage({ id: job.id, ok: true, bytes } satisfies ExtractResponse, [bytes.buffer as ArrayBuffer]);
    },
    (error: unknown) => port.postMessage({ id: job.id, ok: false, reason: describeError(error) } satisfies ExtractResponse),
  );
});
