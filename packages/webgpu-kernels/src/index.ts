/**
 * @spectromix/webgpu-kernels: fast WebGPU kernels for spectromix models on tfjs's webgpu backend.
 *
 * - `installSpectromixKernels()`: the one call an app makes after `initBackend` (no import-time side effects): it
 *   registers the kernels and installs `webgpuOps` (`@spectromix/mixer`'s `MixerOps`) and `fusedAdamUpdate`
 *   (`@spectromix/train`'s `AdamUpdate`) for 'webgpu'; libraries define those interfaces and never import this package.
 * - `registerFastWebGPUKernels()` (what the install call runs) swaps tfjs's webgpu `BatchMatMul` / `_FusedMatMul` for a
 *   register-blocked tiled fp32 matmul and registers the op kernels below.
 * - Ops that run their WGSL kernel on WebGPU and a pure tfjs composition on every other backend, each with
 *   exact gradients: `linear` (matmul + bias + GELU + residual epilogue, batched and transposed without
 *   copies), `layerNorm`, `biasGelu` / `gelu`, `rollGroups` (+ `rollTimeSpec`), and `rolledLinear`: a linear map
 *   of tokens read through a Roll-Time, the roll an index remap inside the matmul (forward and both gradients).
 * - `startMatMulLog` / `takeMatMulLog`: what each matmul launch computed, to pair with a WebGPU profile (`tf.time`
 *   names those launches `MatMulProgram` and `MatMulSplitSumProgram`) when timing a model's products in a real step.
 * - `registerFastWebGPUKernels({ matMulPrecision: 'f16' | 'auto' })`: plain, transposed and batched products run on
 *   an f16-input, f32-accumulate kernel on subgroup matrices (tensor cores) where the device has them.
 * - `setMatMulComputeUnits(n)`: the GPU's multiprocessor count for the matmul planner's occupancy rules where the
 *   adapter does not name a known card.
 * - `adamUpdate`: one Adam / AdamW step of a parameter in two fused launches (moments packed `[m | v]`);
 *   `adamUpdateInPlace`: the same step for many parameters in one compute pass, written into their own buffers.
 * @packageDocumentation
 */
export { installSpectromixKernels, uninstallSpectromixKernels, type InstalledSpectromixKernels } from './install/install.js';
export { webgpuOps } from './install/webgpu-mixer-ops.js';
export { webgpuF16Inference } from './inference/f16-inference.js';
export { fusedAdamUpdate } from './install/fused-adam-update.js';
export { registerFastWebGPUKernels, unregisterFastWebGPUKernels, type RegisterFastKernelsOptions, type RegisteredFastKernels } from './register.js';
export { linear, type LinearOptions } from './ops/linear.js';
export { layerNorm, layerNormWithSkip } from './ops/layer-norm.js';
export { biasGelu, gelu } from './ops/bias-gelu.js';
export { rollGroups, rollTimeSpec, type RollGroupsSpec } from './ops/roll-groups.js';
export { rolledLinear, type RolledLinearOptions } from './ops/rolled-linear.js';
export { rollRemapMatMul, type RollRemapMatMulOptions } from './ops/roll-remap-matmul.js';
export type { TokenRollSpec } from './ops/token-roll.js';
export { adamUpdate, hasFusedAdam, type AdamUpdateOptions, type AdamUpdateResult } from './ops/adam-update.js';
export { adamUpdateInPlace, ADAM_IN_PLACE, type AdamInPlaceItem, type AdamInPlaceOptions } from './ops/adam-update-in-place.js';
export { columnSum, matMulSumBatch, rowSum } from './ops/grad-ops.js';
export { fastKernelStats, resetFastKernelStats, type FastKernelStats } from './stats.js';
export { startMatMulLog, takeMatMulLog, type MatMulLaunch } from './matmul/launch-log.js';
export { WebGPUKernelsError, KernelShapeError, WebGPUBackendMismatchError, F16MatMulUnavailableError, F16InferenceError, KernelConfigError } from './errors.js';
export { setMatMulComputeUnits, DEFAULT_COMPUTE_UNITS, KNOWN_COMPUTE_UNITS } from './matmul/matmul-device.js';
export type { KernelMatMulPrecision } from './matmul/precision.js';
export { f16Fragment, type F16Fragment } from './matmul/f16-caps.js';
export type { BiasAxis, RollRemap } from './matmul/matmul-types.js';
export * as kernelNames from './names.js';
