/**
 * Backend selection for Node: `cpu`, `wasm`, `webgpu` (Dawn through the `webgpu` package, on any Vulkan
 * driver including Mesa lavapipe) and `tensorflow` (tfjs-node-gpu / tfjs-node, when installed).
 * @example
 * ```ts
 * import { initBackend } from '@spectromix/tensor/node';
 * const choice = await initBackend('webgpu');
 * console.log(choice.name, choice.details);
 * // f16 matmuls on tensor cores where the adapter has subgroup matrices, fp32 elsewhere:
 * const auto = await initBackend('webgpu', { matmulPrecision: 'auto' });
 * console.log(auto.details['f16MatMul'], auto.details['f16MatMulMissing']);
 * ```
 * @packageDocumentation
 */
import { createSelector, type BackendSelector } from './select.js';
import { loadCpu } from './adapters/cpu.js';
import { loadWasm } from './adapters/wasm.js';
import { loadTensorflow } from './adapters/tensorflow.js';
import { F16_DAWN_FLAGS, installNodeWebGPU } from './adapters/dawn.js';
import { registerWebGPU } from './adapters/webgpu.js';
import { BackendUnavailableError } from './backend-types.js';

export { installNodeWebGPU, mergeDawnFlags, F16_DAWN_FLAGS } from './adapters/dawn.js';
export { F16_MATMUL_FEATURES } from './adapters/webgpu-features.js';
export type { BackendSelector } from './select.js';

const selector: BackendSelector = createSelector('Node', {
  cpu: loadCpu,
  wasm: loadWasm,
  tensorflow: loadTensorflow,
  webgpu: async (options) => {
    // f16 matmuls need Dawn toggles at instance creation: ask for them only when the precision mode may use f16.
    const precision = options.matmulPrecision ?? 'fp32';
    return registerWebGPU(await installNodeWebGPU(precision === 'fp32' ? [] : F16_DAWN_FLAGS), options.powerPreference, precision);
  },
  webgl: async () => {
    throw new BackendUnavailableError('webgl', "WebGL has no Node implementation: use 'webgpu' (Dawn), 'wasm' or 'cpu' in Node.");
  },
});

/** Initialises a backend in Node and makes it active. See {@link BackendSelector.initBackend}. */
export const initBackend: BackendSelector['initBackend'] = selector.initBackend;
/** Activates the first backend of a preference list that works in Node. See {@link BackendSelector.useBackend}. */
export const useBackend: BackendSelector['useBackend'] = selector.useBackend;
