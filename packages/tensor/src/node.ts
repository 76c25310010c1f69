/**
 * Backend selection for Node: `cpu`, `wasm`, `webgpu` (Dawn through the `webgpu` package, on any Vulkan
 * driver including Mesa lavapipe) and `tensorflow` (tfjs-node-gpu / tfjs-node, when installed).
 * @example
 * ```ts
 * import { initBackend } from '@spectromix/tensor/node';
 * const choice = await initBackend('webgpu');
 * console.log(choice.name, choice.details);
 * ```
 * @packageDocumentation
 */
import { createSelector, type BackendSelector } from './select.js';
import { loadCpu } from './adapters/cpu.js';
import { loadWasm } from './adapters/wasm.js';
import { loadTensorflow } from './adapters/tensorflow.js';
import { installNodeWebGPU } from './adapters/dawn.js';
import { registerWebGPU } from './adapters/webgpu.js';
import { BackendUnavailableError } from './backend-types.js';

export { installNodeWebGPU } from './adapters/dawn.js';
export type { BackendSelector } from './select.js';

const selector: BackendSelector = createSelector('Node', {
  cpu: loadCpu,
  wasm: loadWasm,
  tensorflow: loadTensorflow,
  webgpu: async (options) => registerWebGPU(await installNodeWebGPU(), options.powerPreference),
  webgl: async () => {
    throw new BackendUnavailableError('webgl', "WebGL has no Node implementation: use 'webgpu' (Dawn), 'wasm' or 'cpu' in Node.");
  },
});

/** Initialises a backend in Node and makes it active. See {@link BackendSelector.initBackend}. */
export const initBackend: BackendSelector['initBackend'] = selector.initBackend;
/** Activates the first backend of a preference list that works in Node. See {@link BackendSelector.useBackend}. */
export const useBackend: BackendSelector['useBackend'] = selector.useBackend;
