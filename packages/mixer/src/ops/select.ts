import * as tf from '@spectromix/tensor';
import type { MixerOps } from './mixer-ops.js';
import { plainMatMulOps, tfjsOps } from './tfjs-ops.js';
import { webgpuOps } from './webgpu-ops.js';

const BUILT_IN: ReadonlyMap<string, MixerOps> = new Map([
  ['wasm', plainMatMulOps],
  ['webgpu', webgpuOps],
]);
const overrides = new Map<string, MixerOps>();

/**
 * The {@link MixerOps} for a backend: a choice made with {@link setMixerOps}, else the built-in one (`webgpu`:
 * the fused `@spectromix/webgpu-kernels` ops; `wasm`: the tfjs reference ops with plain matMuls; any other
 * backend, `cpu` included: the tfjs reference ops).
 * @param backend a tfjs backend name (default: the active one, `tf.getBackend()`).
 */
export function mixerOps(backend: string = tf.getBackend()): MixerOps {
  return overrides.get(backend) ?? BUILT_IN.get(backend) ?? tfjsOps;
}

/**
 * Chooses the ops the layers use on `backend` from now on (e.g. `setMixerOps('webgpu', tfjsOps)` to run the
 * reference path on WebGPU for a comparison), or restores the built-in choice with `null`. Layers look the
 * ops up on every call, so existing models follow the change.
 */
export function setMixerOps(backend: string, ops: MixerOps | null): void {
  if (ops == null) overrides.delete(backend);
  else overrides.set(backend, ops);
}
