import * as tf from '@spectromix/tensor';
import type { AdamUpdate } from './adam-update.js';
import { fusedAdamUpdate } from './adam-update-fused.js';
import { tfjsAdamUpdate } from './adam-update-tfjs.js';

const BUILT_IN: ReadonlyMap<string, AdamUpdate> = new Map([['webgpu', fusedAdamUpdate]]);
const overrides = new Map<string, AdamUpdate>();

/**
 * The {@link AdamUpdate} for a backend: a choice made with {@link setAdamUpdate}, else the built-in one
 * (`webgpu`: the fused `@spectromix/webgpu-kernels` update; any other backend: tfjs ops).
 * @param backend a tfjs backend name (default: the active one, `tf.getBackend()`).
 */
export function adamUpdateFor(backend: string = tf.getBackend()): AdamUpdate {
  return overrides.get(backend) ?? BUILT_IN.get(backend) ?? tfjsAdamUpdate;
}

/**
 * Chooses how Adam and AdamW update on `backend` from now on (e.g. `setAdamUpdate('webgpu', tfjsAdamUpdate)` to
 * time the op-by-op path), or restores the built-in choice with `null`. Optimisers look it up on every step.
 */
export function setAdamUpdate(backend: string, update: AdamUpdate | null): void {
  if (update == null) overrides.delete(backend);
  else overrides.set(backend, update);
}
