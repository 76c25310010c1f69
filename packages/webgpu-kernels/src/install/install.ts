import { installMixerOps } from '@spectromix/mixer';
import { installAdamUpdate } from '@spectromix/train';
import { registerFastWebGPUKernels, unregisterFastWebGPUKernels, type RegisterFastKernelsOptions, type RegisteredFastKernels } from '../register.js';
import { webgpuOps } from './webgpu-mixer-ops.js';
import { fusedAdamUpdate } from './fused-adam-update.js';

/** What {@link installSpectromixKernels} did. */
export interface InstalledSpectromixKernels extends RegisteredFastKernels {
  /** The `MixerOps` now installed for 'webgpu' (`@spectromix/mixer`'s `mixerOps('webgpu')` unless overridden). */
  readonly mixerOps: string;
  /** The `AdamUpdate` now installed for 'webgpu' (`@spectromix/train`'s `adamUpdateFor('webgpu')` unless overridden). */
  readonly adamUpdate: string;
}

/**
 * The one call that plugs this package into spectromix: registers the fast kernels on tfjs's 'webgpu' backend
 * ({@link registerFastWebGPUKernels} with `options`) and installs {@link webgpuOps} as `@spectromix/mixer`'s ops
 * and {@link fusedAdamUpdate} as `@spectromix/train`'s Adam update for 'webgpu'. Apps call it once after
 * `initBackend` (libraries never do); calling it again is harmless, and with other `options` re-registers with
 * them. Other backends are untouched, so it is safe to call whichever backend was chosen; called before tfjs's
 * webgpu backend is imported, the matmul swap is skipped and reported in `skipped` (call it again after
 * `initBackend('webgpu')`).
 * @example
 * ```ts
 * import { initBackend } from '@spectromix/tensor/node';
 * import { installSpectromixKernels } from '@spectromix/webgpu-kernels';
 * await initBackend('webgpu');
 * installSpectromixKernels();   // mixer layers and Adam now run the fused WebGPU kernels
 * ```
 */
export function installSpectromixKernels(options: RegisterFastKernelsOptions = {}): InstalledSpectromixKernels {
  const registered = registerFastWebGPUKernels(options);
  installMixerOps('webgpu', webgpuOps);
  installAdamUpdate('webgpu', fusedAdamUpdate);
  return { ...registered, mixerOps: webgpuOps.name, adamUpdate: fusedAdamUpdate.name };
}

/**
 * Undoes {@link installSpectromixKernels}: uninstalls the ops and the Adam update (the libraries' built-in choices
 * are back) and restores tfjs's own webgpu kernels ({@link unregisterFastWebGPUKernels}). Benchmarks and tests use
 * it to run the stock path in the same process.
 * @returns the kernel names removed or restored.
 */
export function uninstallSpectromixKernels(): string[] {
  installMixerOps('webgpu', null);
  installAdamUpdate('webgpu', null);
  return unregisterFastWebGPUKernels();
}
