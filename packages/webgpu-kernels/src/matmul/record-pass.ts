import { env, type DataId } from '@spectromix/tensor';
import type { ProgramUniform } from '../backend.js';
import { asInPlaceBackend, type InPlaceBackend } from '../adam/in-place-backend.js';

/** A timer tfjs's `tf.time` reads: a launch's name and its GPU milliseconds. */
interface ActiveTimer {
  readonly name: string;
  readonly query: Promise<number>;
}

/**
 * The members of tfjs-backend-webgpu 4.22's `WebGPUBackend` that recording a compute pass of our own into its
 * command encoder needs (for shaders tfjs cannot build: its preamble comes before any WGSL `enable`).
 */
export interface RecordingBackend extends InPlaceBackend {
  ensureCommandEncoderReady(): void;
  makeUniforms(uniforms: ProgramUniform[]): GPUBufferBinding;
  readonly commandQueueOwnedIds: WeakSet<DataId>;
  dispatchCountInPass: number;
  readonly activeTimers?: ActiveTimer[] | null;
  readonly supportTimestampQuery?: boolean;
  querySet?: GPUQuerySet | null;
  readonly querySetCount?: number;
  getQueryTime?(): Promise<number>;
}

/** The backend as a {@link RecordingBackend}, or null when it lacks a member (another tfjs version or backend). */
export function asRecordingBackend(backend: unknown): RecordingBackend | null {
  const b = asInPlaceBackend(backend) as Partial<RecordingBackend> | null;
  if (b == null || typeof b.ensureCommandEncoderReady !== 'function' || typeof b.makeUniforms !== 'function') return null;
  if (!(b.commandQueueOwnedIds instanceof WeakSet) || typeof b.dispatchCountInPass !== 'number') return null;
  return b as RecordingBackend;
}

/**
 * Records one dispatch in a compute pass of its own in tfjs's command encoder, in order with tfjs's work: the
 * tensors it reads and writes are marked as owned by the pending encoder (tfjs then defers their buffers' reuse to
 * the submit), tfjs's batched submit counts it, and under `tf.time` it is timed like tfjs's own launches (listed
 * as `name`).
 */
export function recordDispatch(
  b: RecordingBackend,
  pipeline: GPUComputePipeline,
  bindGroup: GPUBindGroup,
  workgroups: readonly [number, number, number],
  tensors: readonly DataId[],
  name: string,
): void {
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  const encoder = b.commandEncoder;
  if (encoder == null) throw new Error('tfjs webgpu backend: no command encoder after ensureCommandEncoderReady()');
  const timed = b.activeTimers != null && b.supportTimestampQuery === true && typeof b.getQueryTime === 'function';
  let descriptor: GPUComputePassDescriptor = {};
  if (timed) {
    b.querySet ??= b.device.createQuerySet({ type: 'timestamp', count: b.querySetCount ?? 2 });
    descriptor = { timestampWrites: { querySet: b.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } };
  }
  const pass = encoder.beginComputePass(descriptor);
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(workgroups[0], workgroups[1], workgroups[2]);
  pass.end();
  for (const id of tensors) b.commandQueueOwnedIds.add(id);
  if (timed && b.getQueryTime != null) {
    b.activeTimers?.push({ name, query: b.getQueryTime() });
    return;
  }
  b.dispatchCountInPass += 1;
  if (b.dispatchCountInPass >= Number(env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE'))) b.submitQueue();
}
