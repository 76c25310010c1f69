import * as tf from '@spectromix/tensor';
import type { F16Inference, F16InferenceScope } from '@spectromix/mixer';
import { f16Fragment } from '../matmul/f16-caps.js';
import { matMulPrecision, setMatMulPrecision } from '../matmul/precision.js';
import { asRecordingBackend } from '../matmul/record-pass.js';
import { LINEAR } from '../names.js';
import { F16InferenceError } from '../errors.js';
import { makeF16Copy, releaseF16Copy } from './f16-weights.js';

let active = false;

/**
 * Whether a forward pass of f16 inference is running ({@link webgpuF16Inference}'s scope): `webgpuOps` then runs each
 * linear map as a plain product (f16 operands, f32 accumulation) followed by its bias, GELU and residual in f32,
 * because the f16 kernels take no epilogue.
 */
export function f16InferenceActive(): boolean {
  return active;
}

function webgpuDevice(): GPUDevice | undefined {
  return (tf.findBackend('webgpu') as { device?: GPUDevice } | null)?.device;
}

/**
 * `@spectromix/mixer`'s {@link F16Inference} on this package's kernels, declared by `webgpuOps` (so what
 * `installSpectromixKernels()` installs offers it). Inside `run`, the matmul precision is `'f16'`: products run on the
 * f16 subgroup-matrix kernel where the device has subgroup matrices, else on the shader-f16 tiled kernel, which reads
 * the weights from f16 copies made once by `prepare` (the subgroup kernel reads their f32 buffers and rounds as it
 * stages them). LayerNorm, biases, GELU and residual adds stay f32; the precision in force before is restored after.
 */
export const webgpuF16Inference: F16Inference = {
  kernel() {
    const device = webgpuDevice();
    const fragment = device == null ? 'no device' : f16Fragment(device);
    return typeof fragment === 'string' ? 'shader-f16 tiled matmul, f16 weight copies' : `f16 subgroup-matrix matmul (${fragment.m}x${fragment.n}x${fragment.k})`;
  },
  accelerated() {
    const device = webgpuDevice();
    return device != null && typeof f16Fragment(device) !== 'string';
  },
  unavailable() {
    if (tf.getBackend() !== 'webgpu') return `the active backend is '${tf.getBackend()}', not 'webgpu'`;
    const device = webgpuDevice();
    if (device == null) return "no 'webgpu' backend is initialised";
    if (!device.features.has('shader-f16')) return 'the WebGPU device does not offer shader-f16 (f16 arithmetic in shaders)';
    if (asRecordingBackend(tf.findBackend('webgpu')) == null) return 'the webgpu backend is not the tfjs 4.22 WebGPUBackend the f16 kernels record into';
    if (tf.getKernel(LINEAR, 'webgpu') == null) return "the spectromix kernels are not registered on 'webgpu' (call installSpectromixKernels() after the backend is initialised)";
    return undefined;
  },
  prepare(weights) {
    const why = webgpuF16Inference.unavailable();
    if (why != null) throw new F16InferenceError(`f16 inference cannot run: ${why}. Check unavailable() first and run fp32 where it says why.`);
    const backend = asRecordingBackend(tf.findBackend('webgpu'));
    if (backend == null) throw new F16InferenceError('f16 inference: the webgpu backend is not the tfjs 4.22 WebGPUBackend.');
    const held: tf.Tensor[] = [];
    let bytes = 0;
    // Matrices and conv kernels (a patch embedding multiplies its kernel reshaped, the same buffer): vectors (biases,
    // norms) stay f32.
    for (const w of weights) {
      if (w.rank < 2) continue;
      const copy = makeF16Copy(backend, w);
      if (typeof copy === 'string') continue;
      held.push(w);
      bytes += copy.size;
    }
    let disposed = false;
    const scope: F16InferenceScope = {
      bytes,
      run(forward) {
        if (disposed) throw new F16InferenceError('This f16 inference scope was disposed (its f16 weight copies are freed); prepare a new one.');
        const before = matMulPrecision();
        const wasActive = active;
        setMatMulPrecision('f16');
        active = true;
        try {
          return forward();
        } finally {
          active = wasActive;
          setMatMulPrecision(before);
        }
      },
      dispose() {
        if (disposed) return;
        disposed = true;
        for (const w of held) releaseF16Copy(backend, w);
      },
    };
    return scope;
  },
};
