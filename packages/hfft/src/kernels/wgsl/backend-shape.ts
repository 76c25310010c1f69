import type * as tf from '@spectromix/tensor';

/**
 * The shape of a tfjs-backend-webgpu program, written structurally so that this library never imports the
 * backend package: `runWebGPUProgram` reads exactly these fields.
 */
export interface WebGPUProgramLike {
  /** Shape of the single output. */
  outputShape: number[];
  /** Pipeline cache key (tfjs appends shapes' ranks and dtypes). */
  shaderKey: string;
  /** Output dimensions mapped to dispatch dimensions; all on x means a flat dispatch. */
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  /** Workgroup counts. */
  dispatch: [number, number, number];
  /** Input binding names, in the order inputs are passed. */
  variableNames: string[];
  /** Extra uniform fields (`name : type,` list). */
  uniforms?: string;
  /** Workgroup size. */
  workgroupSize: [number, number, number];
  /** WGSL body: defines `fn main(index : i32)` for a flat dispatch layout. */
  getUserCode(): string;
}

/** One program-defined uniform value. */
export interface ProgramUniform {
  type: 'int32' | 'float32' | 'uint32';
  data: number[];
}

/** The part of tfjs's WebGPUBackend this package uses. */
export interface WebGPUBackendLike extends tf.KernelBackend {
  runWebGPUProgram(program: WebGPUProgramLike, inputs: tf.TensorInfo[], outputDtype: tf.DataType, programDefinedUniform?: ProgramUniform[]): tf.TensorInfo;
  /** Releases a TensorInfo created by a program. */
  disposeData(dataId: object, force?: boolean): boolean;
}

/** True when `backend` has `runWebGPUProgram` (tfjs's WebGPU backend). */
export function isWebGPUBackend(backend: tf.KernelBackend): backend is WebGPUBackendLike {
  return typeof (backend as Partial<WebGPUBackendLike>).runWebGPUProgram === 'function';
}
