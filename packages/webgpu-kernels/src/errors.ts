/** Base class of every error thrown by @spectromix/webgpu-kernels. */
export class WebGPUKernelsError extends Error {
  override name = 'WebGPUKernelsError';
}

/** An op received tensors whose shapes or dtypes it cannot combine. */
export class KernelShapeError extends WebGPUKernelsError {
  override name = 'KernelShapeError';
  /**
   * @param op the op that was called, e.g. `layerNorm`.
   * @param problem what was wrong, what was expected and what to do.
   */
  constructor(
    readonly op: string,
    problem: string,
  ) {
    super(`${op}: ${problem}`);
  }
}

/** The webgpu backend object does not look like tfjs-backend-webgpu 4.22's `WebGPUBackend`. */
export class WebGPUBackendMismatchError extends WebGPUKernelsError {
  override name = 'WebGPUBackendMismatchError';
  /** @param detail which member was missing. */
  constructor(detail: string) {
    super(
      `The active 'webgpu' backend is not a tfjs-backend-webgpu 4.22 WebGPUBackend (${detail}). ` +
        "Initialise it with initBackend('webgpu') from @spectromix/tensor/node or /browser, with " +
        '@tensorflow/tfjs-backend-webgpu 4.22.0 installed.',
    );
  }
}

/** `matMulPrecision: 'f16'` was asked for, and the active webgpu device cannot run the f16 subgroup-matrix kernel. */
export class F16MatMulUnavailableError extends WebGPUKernelsError {
  override name = 'F16MatMulUnavailableError';
  /** @param reason what the device lacks. */
  constructor(readonly reason: string) {
    super(
      `The f16 matmul cannot run on this device: ${reason}. Initialise the backend with ` +
        "initBackend('webgpu', { matmulPrecision: 'auto' }) (or 'f16', which names what the adapter lacks) before " +
        "registering, or register with matMulPrecision 'auto' (fp32 where f16 cannot run) or 'fp32'.",
    );
  }
}

/** A kernel setting was given a value it cannot take. */
export class KernelConfigError extends WebGPUKernelsError {
  override name = 'KernelConfigError';
  /**
   * @param setting the function or option that was called, e.g. `setMatMulComputeUnits`.
   * @param problem what was wrong and what it accepts.
   */
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

/** f16 inference was prepared or run where it cannot run (see `webgpuF16Inference.unavailable()`), or after dispose. */
export class F16InferenceError extends WebGPUKernelsError {
  override name = 'F16InferenceError';
}
