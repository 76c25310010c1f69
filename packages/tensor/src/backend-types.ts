/** Every backend spectromix knows how to select. */
export const BACKEND_NAMES = ['webgpu', 'tensorflow', 'wasm', 'webgl', 'cpu'] as const;

/** A backend name: `'webgpu' | 'tensorflow' | 'wasm' | 'webgl' | 'cpu'`. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What `initBackend` / `useBackend` chose, and why. */
export interface BackendChoice {
  /** The tfjs backend now active. */
  readonly name: BackendName;
  /** One sentence on why this backend is active (asked for, or a fallback and what failed before it). */
  readonly reason: string;
  /** Backends that were tried first and failed, with the error message of each. */
  readonly rejected: ReadonlyArray<{ readonly name: BackendName; readonly error: string }>;
  /** Details worth logging: adapter vendor/architecture for WebGPU, thread count for WASM, and so on. */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

/** Options shared by the Node and browser backend selectors. */
export interface BackendInitOptions {
  /** WASM: number of threads (only where cross-origin isolation allows threads). */
  readonly wasmThreads?: number;
  /** WASM: directory or URL prefix holding the `.wasm` binaries (browser bundles usually need this). */
  readonly wasmPaths?: string;
  /** WebGPU: power preference passed to `requestAdapter`. */
  readonly powerPreference?: 'low-power' | 'high-performance';
  /**
   * WebGPU: the precision matmuls may run in (see {@link MatMulPrecision}); `'fp32'` (the default) asks for nothing
   * beyond what fp32 kernels use.
   */
  readonly matmulPrecision?: MatMulPrecision;
}

/** Every matmul precision mode a WebGPU backend can be set up for. */
export const MATMUL_PRECISIONS = ['fp32', 'f16', 'auto'] as const;

/**
 * The precision WebGPU matmuls may run in:
 * - `'fp32'`: fp32 inputs and accumulation everywhere (the default);
 * - `'f16'`: f16 inputs with f32 accumulation on subgroup matrices (tensor cores) is required: set-up asks Dawn for
 *   its toggles and the device for `shader-f16`, `subgroups` and `chromium-experimental-subgroup-matrix`, and throws
 *   {@link WebGPUFeaturesMissingError} naming whichever the adapter lacks;
 * - `'auto'`: the same request, but a missing feature only shows in the details (`f16MatMul: false` and
 *   `f16MatMulMissing`), and fp32 kernels run.
 */
export type MatMulPrecision = (typeof MATMUL_PRECISIONS)[number];

/** True when `name` is one of {@link BACKEND_NAMES}. */
export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}

/** Base class of every error thrown by @spectromix/tensor. */
export class SpectromixTensorError extends Error {
  override name = 'SpectromixTensorError';
}

/** The backend cannot run in this environment (missing package, no adapter, wrong platform). */
export class BackendUnavailableError extends SpectromixTensorError {
  override name = 'BackendUnavailableError';
  /** @param backend the backend asked for. @param message what failed and what to do about it. */
  constructor(
    readonly backend: string,
    message: string,
  ) {
    super(message);
  }
}

/** No backend of a preference list initialised (`useBackend`): `rejected` says why each one failed, in order. */
export class NoUsableBackendError extends BackendUnavailableError {
  override name = 'NoUsableBackendError';
  /**
   * @param backend the preference list, comma-separated.
   * @param rejected each backend tried and its error.
   * @param message what failed and what to do about it.
   */
  constructor(
    backend: string,
    readonly rejected: ReadonlyArray<{ readonly name: BackendName; readonly error: string }>,
    message: string,
  ) {
    super(backend, message);
  }
}

/** `'tensorflow'` was asked for but neither `@tensorflow/tfjs-node-gpu` nor `@tensorflow/tfjs-node` loads. */
export class TensorflowBackendMissingError extends BackendUnavailableError {
  override name = 'TensorflowBackendMissingError';
  /** @param cause the load errors of both packages. */
  constructor(readonly causes: readonly string[]) {
    super(
      'tensorflow',
      "The 'tensorflow' backend needs @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (CUDA) installed beside " +
        'spectromix: `pnpm add @tensorflow/tfjs-node-gpu@4.22.0` (or tfjs-node). They download libtensorflow at install ' +
        'time, and tfjs-node-gpu needs CUDA 11.2 with cuDNN 8.1 on the machine. Without them use ' +
        "--backend webgpu (GPU through Dawn), 'wasm' or 'cpu'. Load errors: " +
        causes.join(' | '),
    );
  }
}

/** `matmulPrecision: 'f16'` was asked for, and the WebGPU adapter lacks a feature f16 matmuls need. */
export class WebGPUFeaturesMissingError extends BackendUnavailableError {
  override name = 'WebGPUFeaturesMissingError';
  /**
   * @param missing the features (or subgroup-matrix configuration) the adapter does not offer.
   * @param adapter the adapter's description, for the message.
   */
  constructor(
    readonly missing: readonly string[],
    adapter: string,
  ) {
    super(
      'webgpu',
      `matmulPrecision 'f16' needs WebGPU features this adapter (${adapter}) does not offer: ${missing.join(', ')}. ` +
        "Use matmulPrecision 'auto' to fall back to fp32 kernels, or 'fp32'. Subgroup matrices need Dawn with " +
        "'enable-dawn-features=allow_unsafe_apis' (initBackend adds it in Node) and a GPU with cooperative matrices " +
        '(NVIDIA, recent AMD/Intel); on NVIDIA drivers below 615.71 Dawn also needs vulkan_enable_f16_on_nvidia (added too). ' +
        'CPU Vulkan (Mesa lavapipe) has shader-f16 and subgroups but no subgroup matrices.',
    );
  }
}
