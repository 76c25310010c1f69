import { memory } from '@tensorflow/tfjs-core';
import { SpectromixTensorError } from './backend-types.js';

/** Tensor and byte counts of the active engine at one moment. */
export interface MemorySnapshot {
  /** Live tensors. */
  readonly numTensors: number;
  /** Bytes held by live tensors (as tfjs accounts them). */
  readonly numBytes: number;
  /** Distinct backing buffers. */
  readonly numDataBuffers: number;
}

/** Thrown by {@link checkLeaks} when tensors or bytes outlive the checked function. */
export class LeakError extends SpectromixTensorError {
  override name = 'LeakError';
  /** @param before counts before. @param after counts after. */
  constructor(
    readonly before: MemorySnapshot,
    readonly after: MemorySnapshot,
    label: string,
  ) {
    super(
      `${label} leaked ${after.numTensors - before.numTensors} tensor(s) and ${after.numBytes - before.numBytes} byte(s) ` +
        `(before: ${before.numTensors} tensors/${before.numBytes} B, after: ${after.numTensors}/${after.numBytes} B). ` +
        'Wrap intermediates in tf.tidy / tidyAsync or dispose them.',
    );
  }
}

/** Current tensor and byte counts. */
export function memorySnapshot(): MemorySnapshot {
  const m = memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers };
}

/**
 * Runs `fn` and throws {@link LeakError} if more tensors or bytes are live afterwards than before, after
 * disposing what `fn` returned through `release`. Use it in tests around a training step or an op.
 * @param fn the work to check (sync or async).
 * @param options `label` for the message; `release` disposes the result before counting; `allow` extra tensors.
 * @returns the result of `fn`.
 */
export async function checkLeaks<T>(
  fn: () => T | Promise<T>,
  options: { label?: string; release?: (result: T) => void; allow?: number } = {},
): Promise<T> {
  const before = memorySnapshot();
  const result = await fn();
  options.release?.(result);
  const after = memorySnapshot();
  const allow = options.allow ?? 0;
  if (after.numTensors > before.numTensors + allow || (allow === 0 && after.numBytes > before.numBytes)) {
    throw new LeakError(before, after, options.label ?? 'the checked function');
  }
  return result;
}
