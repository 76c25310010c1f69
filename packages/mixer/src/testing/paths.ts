/** Test-only: runs code on WebGPU through the reference ops and tfjs's stock kernels, then restores the fast path. */
import * as tf from '@spectromix/tensor';
import { registerFastWebGPUKernels, unregisterFastWebGPUKernels } from '@spectromix/webgpu-kernels';
import { setMixerOps } from '../ops/select.js';
import { tfjsOps } from '../ops/tfjs-ops.js';

/**
 * `fn` with the tfjs reference ops on 'webgpu' and tfjs's own matMul kernels (nothing of
 * `@spectromix/webgpu-kernels` runs); afterwards the built-in WebGPU ops and the fast kernels are back.
 */
export async function onReferencePath<T>(fn: () => Promise<T>): Promise<T> {
  unregisterFastWebGPUKernels();
  setMixerOps('webgpu', tfjsOps);
  try {
    return await fn();
  } finally {
    setMixerOps('webgpu', null);
    registerFastWebGPUKernels();
  }
}

/** The value and the gradient of every variable of a scalar loss, read back (named by the `names` given). */
export async function valueAndGrads(loss: () => tf.Scalar, vars: ReadonlyMap<string, tf.Variable>): Promise<{ value: Float32Array; grads: Map<string, Float32Array> }> {
  const { value, grads } = tf.variableGrads(loss, [...vars.values()]);
  const out = new Map<string, Float32Array>();
  for (const [name, v] of vars) {
    const g = grads[v.name];
    if (g == null) throw new Error(`no gradient for ${name}`);
    out.set(name, (await g.data()) as Float32Array);
  }
  const result = { value: (await value.data()) as Float32Array, grads: out };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}
