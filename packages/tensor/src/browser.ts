/**
 * Backend selection in browsers: `webgpu` (navigator.gpu), `webgl`, `wasm` and `cpu`. Pulls no Node module.
 * @example
 * ```ts
 * import { useBackend } from '@spectromix/tensor/browser';
 * const choice = await useBackend(['webgpu', 'webgl', 'wasm', 'cpu']);
 * ```
 * @packageDocumentation
 */
import { createSelector, type BackendSelector } from './select.js';
import { loadCpu } from './adapters/cpu.js';
import { loadWasm } from './adapters/wasm.js';
import { loadWebgl } from './adapters/webgl.js';
import { registerWebGPU } from './adapters/webgpu.js';
import { BackendUnavailableError } from './backend-types.js';

export type { BackendSelector } from './select.js';

const selector: BackendSelector = createSelector('the browser', {
  cpu: loadCpu,
  wasm: loadWasm,
  webgl: loadWebgl,
  webgpu: async (options) => {
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    if (gpu == null) throw new BackendUnavailableError('webgpu', 'This browser exposes no navigator.gpu (WebGPU is off or unsupported); falling back is up to useBackend.');
    return registerWebGPU(gpu, options.powerPreference, options.matmulPrecision);
  },
  tensorflow: async () => {
    throw new BackendUnavailableError('tensorflow', "The 'tensorflow' backend (tfjs-node) runs only in Node.");
  },
});

/** Initialises a backend in the browser and makes it active. */
export const initBackend: BackendSelector['initBackend'] = selector.initBackend;
/** Activates the first backend of a preference list that works in this browser. */
export const useBackend: BackendSelector['useBackend'] = selector.useBackend;
