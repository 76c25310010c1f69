import * as tf from '@spectromix/tensor';
import { HFFT_KERNEL_NAMES } from './kernel-names.js';
import { kernelConfigFor } from './kernels/backend-kernels.js';
import { HFFT_GRAD_CONFIGS } from './gradients/index.js';

const backendsDone = new Set<string>();
let gradientsDone = false;

function registerGradientsOnce(): void {
  if (gradientsDone) return;
  for (const config of HFFT_GRAD_CONFIGS) {
    if (tf.getGradient(config.kernelName) == null) tf.registerGradient(config);
  }
  gradientsDone = true;
}

function registerForBackend(backendName: string): void {
  for (const kernelName of HFFT_KERNEL_NAMES) {
    if (tf.getKernel(kernelName, backendName) == null) tf.registerKernel(kernelConfigFor(kernelName, backendName));
  }
  backendsDone.add(backendName);
}

/**
 * Registers this package's kernels (`spectromix.Rfft`, `spectromix.Irfft`, ...) for every backend tfjs knows
 * (registered or initialised), and their gradients. Idempotent. You rarely need it: every op calls
 * {@link ensureHfftKernels} on first use, which also covers backends registered later.
 */
export function registerHfftKernels(): void {
  registerGradientsOnce();
  const eng = tf.engine();
  const names = new Set([...Object.keys(eng.registryFactory), ...Object.keys(eng.registry)]);
  for (const name of names) registerForBackend(name);
}

/** Registers the gradients and the kernels of `backendName` (default: the active backend) unless done already. */
export function ensureHfftKernels(backendName: string = tf.getBackend()): void {
  registerGradientsOnce();
  if (!backendsDone.has(backendName)) registerForBackend(backendName);
}
