import {
  BatchMatMul,
  _FusedMatMul,
  findBackend,
  getGradient,
  getKernel,
  registerGradient,
  registerKernel,
  unregisterKernel,
  type GradConfig,
  type KernelConfig,
} from '@spectromix/tensor';
import { fastBatchMatMulConfig, fastFusedMatMulConfig } from './matmul/matmul-kernels.js';
import { OP_GRADIENTS, OP_KERNELS } from './op-kernels.js';
import { setMatMulPrecision, type KernelMatMulPrecision } from './matmul/precision.js';
import { f16Fragment } from './matmul/f16-caps.js';
import { f16TiledUnavailable } from './matmul/run-f16-tiled-matmul.js';
import { F16MatMulUnavailableError } from './errors.js';

/** What {@link registerFastWebGPUKernels} may register. */
export interface RegisterFastKernelsOptions {
  /** Replace tfjs's webgpu `BatchMatMul` and `_FusedMatMul` with the tiled kernel (default true). */
  readonly matMul?: boolean;
  /** Register the spectromix op kernels (LayerNorm, BiasGelu, RollGroups, Linear, RolledLinear and their gradients; default true). */
  readonly ops?: boolean;
  /**
   * The precision of the fast matmul (default: the mode in force, `'fp32'` until a call sets one, so that a later call
   * without it, such as `@spectromix/mixer`'s registration on first use, keeps the mode a trainer set). `'f16'`: plain,
   * transposed and batched products without an epilogue run on the f16 subgroup-matrix kernel (inputs rounded to f16,
   * f32 accumulation; the rest stays fp32), or, on a device with `shader-f16` but no subgroup matrices, on the
   * shader-f16 tiled kernel (the same numerics, no speed-up); throws F16MatMulUnavailableError when the active webgpu
   * device has neither. `'auto'`: the subgroup-matrix kernel where the
   * device has it, fp32 elsewhere (never the shader-f16 kernel, which is no faster than fp32). The device needs
   * `initBackend('webgpu', { matmulPrecision: 'f16' | 'auto' })` (`'auto'` where it lacks subgroup matrices).
   */
  readonly matMulPrecision?: KernelMatMulPrecision;
}

/** What a registration call did. */
export interface RegisteredFastKernels {
  /** Kernel names now served by this package on 'webgpu' (including ones an earlier call registered). */
  readonly kernels: readonly string[];
  /** Gradient configs this package registered (backend independent). */
  readonly gradients: readonly string[];
  /** What was not registered, and why (e.g. tfjs's webgpu backend was not imported yet). */
  readonly skipped: readonly string[];
}

const OURS = new WeakSet<KernelConfig>();
const stockKernels = new Map<string, KernelConfig>();

/** Swaps in the fast kernel; returns why not when tfjs's own (the fallback) is not registered yet. */
function replace(name: string, make: (stock: KernelConfig) => KernelConfig): string | undefined {
  const current = getKernel(name, 'webgpu') as KernelConfig | undefined;
  if (current != null && OURS.has(current)) return undefined;
  if (current == null) {
    return (
      `${name}: tfjs's webgpu kernel is not registered yet, so there is nothing to fall back to; call ` +
      "registerFastWebGPUKernels() again after initBackend('webgpu') (which imports @tensorflow/tfjs-backend-webgpu)"
    );
  }
  stockKernels.set(name, current);
  const config = make(current);
  OURS.add(config);
  unregisterKernel(name, 'webgpu');
  registerKernel(config);
  return undefined;
}

function registerOwn(config: KernelConfig): void {
  const current = getKernel(config.kernelName, config.backendName) as KernelConfig | undefined;
  if (current === config) return;
  if (current != null) unregisterKernel(config.kernelName, config.backendName);
  OURS.add(config);
  registerKernel(config);
}

function registerGrad(config: GradConfig): void {
  if (getGradient(config.kernelName) === config) return;
  registerGradient(config);
}

/**
 * Registers this package's WebGPU kernels on tfjs's 'webgpu' backend. Nothing happens at import time: call
 * this once after `initBackend('webgpu')` (calling it again is harmless; called before tfjs's webgpu backend
 * is imported, the matmul swap is skipped and reported in `skipped`). The matmul replaces tfjs's
 * `BatchMatMul` and `_FusedMatMul` for float32 products it handles and hands every other case (other
 * dtypes, prelu, unusual broadcasting) to the kernel tfjs registered, kept aside here. The spectromix ops
 * (`layerNorm`, `biasGelu`, `rollGroups`, `linear`, `rolledLinear`) use their kernels when the active backend has them and
 * their pure-tfjs composition otherwise, so calling them needs no registration on other backends.
 * @returns the kernel and gradient names now registered.
 */
export function registerFastWebGPUKernels(options: RegisterFastKernelsOptions = {}): RegisteredFastKernels {
  const kernels: string[] = [];
  const gradients: string[] = [];
  const skipped: string[] = [];
  const precision = options.matMulPrecision;
  if (precision === 'f16') {
    const device = (findBackend('webgpu') as { device?: GPUDevice } | null)?.device;
    const fragment = device == null ? "no 'webgpu' backend is initialised" : f16Fragment(device);
    // Without subgroup matrices the shader-f16 tiled kernel runs the products (f16 numerics, not tensor-core speed).
    const tiled = device == null ? fragment : f16TiledUnavailable(device);
    if (typeof fragment === 'string' && tiled != null) throw new F16MatMulUnavailableError(`${fragment}; and ${tiled}`);
  }
  if (precision != null) setMatMulPrecision(precision);
  if (options.matMul ?? true) {
    for (const [name, make] of [
      [BatchMatMul, fastBatchMatMulConfig],
      [_FusedMatMul, fastFusedMatMulConfig],
    ] as const) {
      const why = replace(name, make);
      if (why == null) kernels.push(name);
      else skipped.push(why);
    }
  }
  if (options.ops ?? true) {
    for (const config of OP_KERNELS) {
      registerOwn(config);
      kernels.push(config.kernelName);
    }
    for (const config of OP_GRADIENTS) {
      registerGrad(config);
      gradients.push(config.kernelName);
    }
  }
  return { kernels, gradients, skipped };
}

/**
 * Puts tfjs's own webgpu `BatchMatMul` and `_FusedMatMul` back and removes the spectromix op kernels (their
 * ops then run as pure tfjs compositions). Benchmarks use it to time the stock kernels in the same process.
 * @returns the kernel names removed or restored.
 */
export function unregisterFastWebGPUKernels(): string[] {
  const done: string[] = [];
  for (const [name, stock] of stockKernels) {
    const current = getKernel(name, 'webgpu') as KernelConfig | undefined;
    if (current != null && OURS.has(current)) {
      unregisterKernel(name, 'webgpu');
      registerKernel(stock);
      done.push(name);
    }
  }
  stockKernels.clear();
  for (const config of OP_KERNELS) {
    const current = getKernel(config.kernelName, 'webgpu') as KernelConfig | undefined;
    if (current != null && OURS.has(current)) {
      unregisterKernel(config.kernelName, 'webgpu');
      done.push(config.kernelName);
    }
  }
  return done;
}
