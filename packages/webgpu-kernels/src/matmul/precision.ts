/**
 * The precision the fast matmul may use (set by `registerFastWebGPUKernels({ matMulPrecision })`):
 * - `'fp32'` (the default): the fp32 tiled kernel;
 * - `'f16'`: products the f16 subgroup-matrix kernel handles run on it (inputs rounded to f16, f32 accumulation);
 *   registration fails where the device cannot run it;
 * - `'auto'`: as `'f16'` where the device can, fp32 elsewhere.
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
