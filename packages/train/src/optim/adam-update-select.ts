import * as tf from '@spectromix/tensor';
import type { AdamUpdate } from './adam-update.js';
import { tfjsAdamUpdate } from './adam-update-tfjs.js';

// Built in: tfjs ops on every backend. A backend plug-in (such as `@spectromix/webgpu-kernels`'
// `installSpectromixKernels()`) installs its fused update above it.
const choice = tf.perBackend<AdamUpdate>(tfjsAdamUpdate);

/**
 * The {@link AdamUpdate} for a backend: a choice made with {@link setAdamUpdate}, else the update a backend plug-in
 * installed with {@link installAdamUpdate}, else tfjs ops ({@link tfjsAdamUpdate}).
 * @param backend a tfjs backend name (default: the active one, `tf.getBackend()`).
 */
export function adamUpdateFor(backend: string = tf.getBackend()): AdamUpdate {
  return choice.get(backend);
}

/**
 * Chooses how Adam and AdamW update on `backend` from now on (e.g. `setAdamUpdate('webgpu', tfjsAdamUpdate)` to
 * time the op-by-op path), or restores the installed or built-in choice with `null`. Optimisers look it up on
 * every step.
 */
export function setAdamUpdate(backend: string, update: AdamUpdate | null): void {
  choice.override(backend, update);
}

/**
 * What a backend plug-in calls to provide its {@link AdamUpdate} for `backend` (an app installs the plug-in after
 * `initBackend`; libraries never do). A {@link setAdamUpdate} choice still wins; `null` uninstalls.
 */
export function installAdamUpdate(backend: string, update: AdamUpdate | null): void {
  choice.install(backend, update);
}
