/**
 * The precision the fast matmul may use (set by `registerFastWebGPUKernels({ matMulPrecision })`):
 * - `'fp32'` (the default): the fp32 tiled kernel;
 * - `'f16'`: products the f16 subgroup-matrix kernel handles run on it (inputs rounded to f16, f32 accumulation), or
 *   on the shader-f16 tiled kernel where the device has `shader-f16` but no subgroup matrices (same numerics, no
 *   speed-up); registration fails where the device has neither;
 * - `'auto'`: on the subgroup-matrix kernel where the device has it (the fast path), fp32 elsewhere.
 */
export type KernelMatMulPrecision = 'fp32' | 'f16' | 'auto';

let mode: KernelMatMulPrecision = 'fp32';

/** Sets the matmul precision mode (see {@link KernelMatMulPrecision}). */
export function setMatMulPrecision(precision: KernelMatMulPrecision): void {
  mode = precision;
}

/** The matmul precision mode now in force. */
export function matMulPrecision(): KernelMatMulPrecision {
  return mode;
}
