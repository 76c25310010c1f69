import type { DataId } from '@spectromix/tensor';

/** What tfjs-backend-webgpu 4.22 keeps per tensor buffer (the members the in-place update reads or clears). */
export interface TensorData {
  /** A CPU copy (set before upload, and cached by `read`/`readSync`); stale once the buffer is written in place. */
  values: unknown;
  /** The GPU buffer (or texture) once uploaded. */
  resource: unknown;
  /** Tensors sharing this buffer. */
  refCount: number;
  readonly dtype: string;
  readonly external?: boolean;
  readonly complexTensorInfos?: unknown;
}

/**
 * The members of tfjs-backend-webgpu 4.22's `WebGPUBackend` that updating tensors in place needs: its device,
 * its buffer table, the upload of CPU values, and the flush of its pending command encoder (so work it recorded
 * before runs before ours).
 */
export interface InPlaceBackend {
  readonly device: GPUDevice;
  readonly tensorMap: { get(dataId: DataId): TensorData | undefined };
  readonly commandEncoder: GPUCommandEncoder | null;
  uploadToGPU(dataId: DataId): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/** The backend as an {@link InPlaceBackend}, or null when it lacks a member (another tfjs version or backend). */
export function asInPlaceBackend(backend: unknown): InPlaceBackend | null {
  const b = backend as Partial<InPlaceBackend> | null;
  if (b == null || b.device == null || b.tensorMap == null || typeof b.tensorMap.get !== 'function') return null;
  for (const fn of ['uploadToGPU', 'endComputePassEncoder', 'submitQueue'] as const) if (typeof b[fn] !== 'function') return null;
  return b as InPlaceBackend;
}

/** Storage usage bit of a buffer (WebGPU's `GPUBufferUsage.STORAGE`). */
const STORAGE = 0x0080;

/**
 * The GPU buffer of `dataId` for an in-place write (uploading CPU values first), or null when it cannot be
 * written in place: shared with another tensor, external, complex, or not a storage buffer.
 */
export function exclusiveBuffer(backend: InPlaceBackend, dataId: DataId): GPUBuffer | null {
  const data = backend.tensorMap.get(dataId);
  if (data == null || data.refCount !== 1 || data.external === true || data.complexTensorInfos != null || data.dtype !== 'float32') return null;
  return storageBuffer(backend, dataId);
}

/** The GPU buffer of `dataId` to read from (uploading CPU values first), or null when it is not a storage buffer. */
export function storageBuffer(backend: InPlaceBackend, dataId: DataId): GPUBuffer | null {
  const data = backend.tensorMap.get(dataId);
  if (data == null || data.complexTensorInfos != null) return null;
  backend.uploadToGPU(dataId);
  const resource = data.resource as Partial<GPUBuffer> | null;
  if (resource == null || typeof resource.usage !== 'number' || (resource.usage & STORAGE) === 0) return null;
  return resource as GPUBuffer;
}

/** Drops the CPU copy tfjs may hold of a buffer written in place, so later reads fetch the new values. */
export function forgetCpuCopy(backend: InPlaceBackend, dataId: DataId): void {
  const data = backend.tensorMap.get(dataId);
  if (data != null) data.values = null;
}

/** Submits the work tfjs has recorded but not submitted, so it runs before command buffers submitted after. */
export function flushBackend(backend: InPlaceBackend): void {
  if (backend.commandEncoder == null) return;
  backend.endComputePassEncoder();
  backend.submitQueue();
}
