import * as tf from '@spectromix/tensor';
import { HfftKernelPathError } from './errors.js';
import { radices } from './kernels/js/factor.js';

/**
 * The implementations a transform can run on:
 * - `'matmul'`: the DFT as a matrix product with a cached basis (exact; any backend; O(n^2) work, best for small n
 *   on GPUs);
 * - `'mixed-radix'`: O(n log n) Stockham FFT (radix 4, 2, 3, 5 and generic) with Bluestein for any other length,
 *   in JavaScript over Float64Arrays; the `cpu` and `wasm` backends;
 * - `'stockham'`: O(n log n) WGSL Stockham FFT on `webgpu`, with Bluestein on top of it for lengths that are not
 *   products of 2, 3 and 5;
 * - `'four-step'`: O(n log n) FFT composed of tfjs ops (matmul sub-DFTs, twiddles, transposes, Bluestein for
 *   large prime factors), so any other backend (webgl, tensorflow, ...) handles long transforms.
 */
export type KernelPath = 'matmul' | 'mixed-radix' | 'stockham' | 'four-step';

/** Every kernel path. */
export const KERNEL_PATHS: readonly KernelPath[] = ['matmul', 'mixed-radix', 'stockham', 'four-step'];

/**
 * Largest length sent to the matmul path by other backends (webgl, tensorflow, ...), and by webgpu for lengths
 * that are not products of 2, 3 and 5.
 */
export const GENERIC_MATMUL_MAX_N = 1024;

/**
 * Largest length sent to the matmul path on cpu and wasm. Below it the cached-basis matmul (XNNPACK on wasm) beats
 * reading the tensor out to JavaScript and back: ASM-RH's Hermit mixing (n = 22 for T' = 12) took 680 ms of a
 * 1.4 s asm-rh-tiny forward on wasm through the JS FFT and about 60 ms through matmul.
 */
export const CPU_MATMUL_MAX_N = 64;

/** What one backend runs: the paths it has and which one a transform of length `n` takes by default. */
interface BackendPaths {
  /** Paths this backend can run (every backend runs the two composed of tfjs ops, `matmul` and `four-step`). */
  readonly paths: readonly KernelPath[];
  /** The default path for signal length `n`. */
  choose(n: number): KernelPath;
}

const CPU_LIKE: BackendPaths = { paths: ['matmul', 'mixed-radix', 'four-step'], choose: (n) => (n <= CPU_MATMUL_MAX_N ? 'matmul' : 'mixed-radix') };

// One table of every backend's paths (tensor's perBackend, as mixer's ops and train's Adam update): the rule below.
const BACKEND_PATHS = tf.perBackend<BackendPaths>(
  { paths: ['matmul', 'four-step'], choose: (n) => (n <= GENERIC_MATMUL_MAX_N ? 'matmul' : 'four-step') },
  {
    cpu: CPU_LIKE,
    wasm: CPU_LIKE,
    webgpu: { paths: ['matmul', 'stockham', 'four-step'], choose: (n) => (radices(n, 5) != null || n > GENERIC_MATMUL_MAX_N ? 'stockham' : 'matmul') },
  },
);

/**
 * The rule for which implementation runs a transform of signal length `n` on `backend`:
 * - `cpu`, `wasm`: `'matmul'` up to 64, `'mixed-radix'` above;
 * - `webgpu`: `'stockham'` for every length that factors into 2, 3 and 5 (on an H100 it beats the matmul path
 *   from n = 12 up: 0.096 vs 0.160 ms for rfft of 6144 x 12, 0.12 vs 1.06 ms at n = 1024); for other lengths
 *   `'matmul'` up to 1024 and `'stockham'` (Bluestein on top of the WGSL FFT) above;
 * - any other backend (webgl, tensorflow, ...): `'matmul'` for n <= 1024, `'four-step'` above.
 * @param backend a tfjs backend name (`tf.getBackend()`).
 * @param n the signal length of the transform (for irfft/hfft the output length).
 */
export function selectKernelPath(backend: string, n: number): KernelPath {
  return BACKEND_PATHS.get(backend).choose(n);
}

/** Paths each backend can run: every backend runs the two composed of tfjs ops (`matmul`, `four-step`). */
export function supportedKernelPaths(backend: string): KernelPath[] {
  return [...BACKEND_PATHS.get(backend).paths];
}

let forced: KernelPath | null = null;

/**
 * Forces every following transform onto one kernel path (for tests and benchmarks), or restores the rule of
 * {@link selectKernelPath} with `null`: the one explicit switch (no environment variable is read). A transform on a
 * backend that cannot run the forced path throws {@link HfftKernelPathError}.
 * @param path the path to force, or `null`.
 */
export function forceKernelPath(path: KernelPath | null): void {
  if (path != null && !KERNEL_PATHS.includes(path)) {
    throw new HfftKernelPathError(`Unknown kernel path '${String(path)}'; expected one of ${KERNEL_PATHS.join(', ')} or null.`);
  }
  forced = path;
}

/** The path forced by {@link forceKernelPath}, if any. */
export function forcedKernelPath(): KernelPath | null {
  return forced;
}

/**
 * The path a transform of length `n` takes on `backend` now: the forced one if any, else the rule.
 * @throws HfftKernelPathError if the forced path does not run on `backend`.
 */
export function resolveKernelPath(backend: string, n: number): KernelPath {
  const path = forcedKernelPath() ?? selectKernelPath(backend, n);
  const supported = supportedKernelPaths(backend);
  if (!supported.includes(path)) {
    throw new HfftKernelPathError(`Kernel path '${path}' does not run on the '${backend}' backend; it runs ${supported.join(', ')}. Call forceKernelPath(null) to use the default rule.`);
  }
  return path;
}
