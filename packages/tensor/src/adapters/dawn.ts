import { BackendUnavailableError } from '../backend-types.js';

/**
 * Installs `navigator.gpu` (and the WebGPU globals such as `GPUBufferUsage`) in Node from the `webgpu`
 * package, Dawn's Node binding. Must run before `@tensorflow/tfjs-backend-webgpu` is used. Idempotent.
 * @param dawnFlags Dawn toggles, e.g. `['enable-dawn-features=allow_unsafe_apis']`.
 * @returns the GPU entry point.
 */
export async function installNodeWebGPU(dawnFlags: string[] = []): Promise<GPU> {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (g.navigator?.gpu != null) return g.navigator.gpu;
  let mod: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (error) {
    throw new BackendUnavailableError('webgpu', `The 'webgpu' package (Dawn for Node) could not be loaded: ${String(error)}. Install it with \`pnpm add webgpu\`; on Linux it also needs a Vulkan driver (mesa-vulkan-drivers for CPU-only machines).`);
  }
  Object.assign(globalThis, mod.globals);
  const gpu = mod.create(dawnFlags);
  if (g.navigator == null) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  }
  return gpu;
}
