import { BackendUnavailableError } from '../backend-types.js';

/**
 * Dawn toggles f16 matmuls need: `allow_unsafe_apis` exposes `chromium-experimental-subgroup-matrix`, and
 * `vulkan_enable_f16_on_nvidia` keeps `shader-f16` (and with it the f16 matrix configurations) on NVIDIA drivers
 * below 615.71, where Dawn hides it by default.
 */
export const F16_DAWN_FLAGS: readonly string[] = ['enable-dawn-features=allow_unsafe_apis,vulkan_enable_f16_on_nvidia'];

/** The Dawn instance this module installed, and the flags it was created with. */
let installed: { gpu: GPU; flags: readonly string[] } | undefined;

/**
 * Merges Dawn flag lists: `enable-dawn-features=` and `disable-dawn-features=` lists are united (in first-seen order),
 * any other flag is kept once.
 */
export function mergeDawnFlags(...lists: ReadonlyArray<readonly string[]>): string[] {
  const toggles = new Map<string, string[]>();
  const other: string[] = [];
  for (const flag of lists.flat()) {
    const eq = flag.indexOf('=');
    const key = eq < 0 ? '' : flag.slice(0, eq);
    if (key === 'enable-dawn-features' || key === 'disable-dawn-features') {
      const names = toggles.get(key) ?? [];
      for (const name of flag.slice(eq + 1).split(',')) if (name !== '' && !names.includes(name)) names.push(name);
      toggles.set(key, names);
    } else if (!other.includes(flag)) {
      other.push(flag);
    }
  }
  return [...[...toggles].map(([key, names]) => `${key}=${names.join(',')}`), ...other];
}

/** Whether every flag (and every toggle of a toggle list) of `wanted` is already in `have`. */
function covers(have: readonly string[], wanted: readonly string[]): boolean {
  const merged = mergeDawnFlags(have, wanted);
  const base = mergeDawnFlags(have);
  return merged.length === base.length && merged.every((f, i) => f === base[i]);
}

/**
 * Installs `navigator.gpu` (and the WebGPU globals such as `GPUBufferUsage`) in Node from the `webgpu`
 * package, Dawn's Node binding. Must run before `@tensorflow/tfjs-backend-webgpu` is used. Idempotent: a later
 * call whose flags the installed instance already has returns it; one that adds flags replaces it with a Dawn
 * instance created with both lists merged (devices made before keep working). A `navigator.gpu` installed by
 * someone else is returned as it is.
 * @param dawnFlags Dawn toggles, e.g. `['enable-dawn-features=allow_unsafe_apis']`.
 * @returns the GPU entry point.
 */
export async function installNodeWebGPU(dawnFlags: readonly string[] = []): Promise<GPU> {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  const current = g.navigator?.gpu;
  if (current != null && (installed == null || current !== installed.gpu)) return current;
  if (installed != null && covers(installed.flags, dawnFlags)) return installed.gpu;
  let mod: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (error) {
    throw new BackendUnavailableError('webgpu', `The 'webgpu' package (Dawn for Node) could not be loaded: ${String(error)}. Install it with \`pnpm add webgpu\`; on Linux it also needs a Vulkan driver (mesa-vulkan-drivers for CPU-only machines).`);
  }
  Object.assign(globalThis, mod.globals);
  const flags = mergeDawnFlags(installed?.flags ?? [], dawnFlags);
  const gpu = mod.create(flags);
  installed = { gpu, flags };
  if (g.navigator == null) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  }
  return gpu;
}
