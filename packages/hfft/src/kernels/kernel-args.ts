import * as tf from '@spectromix/tensor';
import type { HfftKernelAttrs, HfftKernelName } from '../kernel-names.js';

/** Inputs of a transform kernel: `x` (r2c) or `re` and optional `im` (c2r, c2c). */
export interface TransformInputs {
  /** Real input of r2c kernels. */
  readonly x?: tf.TensorInfo;
  /** Real part of c2r/c2c input. */
  readonly re?: tf.TensorInfo;
  /** Imaginary part of c2r/c2c input; absent means zero. */
  readonly im?: tf.TensorInfo;
}

/** One kernel invocation, as every implementation receives it. */
export interface TransformCall {
  /** Which kernel runs. */
  readonly kernel: HfftKernelName;
  /** Its inputs. */
  readonly inputs: TransformInputs;
  /** `n`, `norm`, `path`. */
  readonly attrs: HfftKernelAttrs;
  /** The backend running it. */
  readonly backend: tf.KernelBackend;
}

/** An implementation of every kernel on one path; returns `[re, im]` for complex outputs, `[x]` for real ones. */
export type TransformImpl = (call: TransformCall) => tf.TensorInfo[];

/** A kernel input as a Tensor (the engine passes Tensors; bare TensorInfos are wrapped, sharing the data). */
export function asTensor(info: tf.TensorInfo): tf.Tensor {
  if (info instanceof tf.Tensor) return info;
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** The main input of a call: `x` for r2c kernels, `re` otherwise. */
export function mainInput(inputs: TransformInputs): tf.TensorInfo {
  const t = inputs.x ?? inputs.re;
  if (t == null) throw new Error('hfft kernel called without an input named x or re');
  return t;
}
