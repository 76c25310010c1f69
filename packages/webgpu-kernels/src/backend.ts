import type { TensorInfo } from '@spectromix/tensor';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { WebGPUBackendMismatchError } from './errors.js';

/** A uniform value appended after tfjs's own uniforms (shapes and strides), in declaration order. */
export interface ProgramUniform {
  /** 'int32', 'uint32' or 'float32'. */
  readonly type: 'int32' | 'uint32' | 'float32';
  /** One to four numbers. */
  readonly data: number[];
}

/** The slice of tfjs-backend-webgpu's `WebGPUBackend` the kernels use. */
export type FastBackend = Pick<WebGPUBackend, 'device' | 'runWebGPUProgram' | 'makeTensorInfo' | 'disposeData' | 'incRef'>;

/** Narrows the `backend` a kernel function receives to the webgpu backend, checking the members we call. */
export function asWebGPUBackend(backend: unknown): FastBackend {
  const b = backend as Partial<FastBackend> | null;
  if (b == null || typeof b.runWebGPUProgram !== 'function') throw new WebGPUBackendMismatchError('no runWebGPUProgram()');
  if (typeof b.makeTensorInfo !== 'function') throw new WebGPUBackendMismatchError('no makeTensorInfo()');
  if (typeof b.incRef !== 'function') throw new WebGPUBackendMismatchError('no incRef()');
  if (b.device == null) throw new WebGPUBackendMismatchError('no device');
  return b as FastBackend;
}

/** A view of a tensor's buffer under another shape of the same size (no copy, no reference taken). */
export function view(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** Workgroups along x for `count` items of `perGroup`, spread over y when x would pass the device limit. */
export function flatDispatch(count: number, perGroup: number, maxPerDim: number): [number, number, number] {
  const groups = Math.ceil(count / perGroup);
  if (groups <= maxPerDim) return [groups, 1, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y, 1];
}

/** WGSL: the flat workgroup index, valid for any dispatch shape (tfjs may reshape a too-large dispatch). */
export const FLAT_WORKGROUP_INDEX =
  'i32(workgroupId.z * numWorkgroups.x * numWorkgroups.y + workgroupId.y * numWorkgroups.x + workgroupId.x)';
