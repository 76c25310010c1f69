import * as tf from '@spectromix/tensor';
import type { MixerOps } from './mixer-ops.js';
import { plainMatMulOps, tfjsOps } from './tfjs-ops.js';

// Built in: tfjs-wasm gets plain matMuls; every other backend the reference ops. A backend plug-in (such as
// `@spectromix/webgpu-kernels`' `installSpectromixKernels()`) installs its own ops above these.
const choice = tf.perBackend<MixerOps>(tfjsOps, { wasm: plainMatMulOps });

/**
 * The {@link MixerOps} for a backend: a choice made with {@link setMixerOps}, else the ops a backend plug-in
 * installed with {@link installMixerOps}, else the built-in one (`wasm`: the tfjs reference ops with plain
 * matMuls; any other backend, `cpu` and `webgpu` included: the tfjs reference ops).
 * @param backend a tfjs backend name (default: the active one, `tf.getBackend()`).
 */
export function mixerOps(backend: string = tf.getBackend()): MixerOps {
  return choice.get(backend);
}

/**
 * Chooses the ops the layers use on `backend` from now on (e.g. `setMixerOps('webgpu', tfjsOps)` to run the
 * reference path on WebGPU for a comparison), or restores the installed or built-in choice with `null`. Layers
 * look the ops up on every call, so existing models follow the change.
 */
export function setMixerOps(backend: string, ops: MixerOps | null): void {
  choice.override(backend, ops);
}

/**
 * What a backend plug-in calls to provide its {@link MixerOps} for `backend` (an app installs the plug-in after
 * `initBackend`; libraries never do). A {@link setMixerOps} choice still wins; `null` uninstalls.
 */
export function installMixerOps(backend: string, ops: MixerOps | null): void {
  choice.install(backend, ops);
}
