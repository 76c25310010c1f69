/** The f16 x f16 -> f32 subgroup-matrix shape a device multiplies in one instruction, and its subgroup size. */
export interface F16Fragment {
  /** Rows of the left matrix and the result. */
  readonly m: number;
  /** Columns of the right matrix and the result. */
  readonly n: number;
  /** Columns of the left matrix, rows of the right. */
  readonly k: number;
  /** Invocations per subgroup (the device's only subgroup size: Dawn lists min = max on NVIDIA). */
  readonly subgroupSize: number;
}

/** Device features the f16 matmul needs. */
const FEATURES = ['shader-f16', 'subgroups', 'chromium-experimental-subgroup-matrix'] as const;

interface ConfigLike {
  readonly componentType: string;
  readonly resultComponentType: string;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

interface AdapterInfoLike {
  readonly subgroupMatrixConfigs?: readonly ConfigLike[];
  readonly subgroupMinSize?: number;
  readonly subgroupMaxSize?: number;
}

const cache = new WeakMap<GPUDevice, F16Fragment | string>();

/**
 * The fragment shape the f16 matmul uses on `device` (16x16x16 where offered, else the largest f16 -> f32
 * configuration, from Dawn's `device.adapterInfo.subgroupMatrixConfigs`), or why the device cannot run it. Set the
 * device up with `initBackend('webgpu', { matmulPrecision: 'f16' | 'auto' })` from `@spectromix/tensor`.
 */
export function f16Fragment(device: GPUDevice): F16Fragment | string {
  const cached = cache.get(device);
  if (cached != null) return cached;
  const result = findFragment(device);
  cache.set(device, result);
  return result;
}

function findFragment(device: GPUDevice): F16Fragment | string {
  const missing = FEATURES.filter((f) => !device.features.has(f));
  if (missing.length > 0) return `the device lacks ${missing.join(', ')} (initBackend('webgpu', { matmulPrecision: 'auto' }) requests them where the adapter has them)`;
  const info = (device as { adapterInfo?: AdapterInfoLike }).adapterInfo;
  const configs = (info?.subgroupMatrixConfigs ?? []).filter((c) => c.componentType === 'f16' && c.resultComponentType === 'f32');
  if (configs.length === 0) return 'the device lists no f16 x f16 -> f32 subgroup-matrix configuration';
  const min = info?.subgroupMinSize ?? 0;
  const max = info?.subgroupMaxSize ?? 0;
  if (min !== max || min <= 0) return `the subgroup size varies (${min} to ${max}): the kernel needs a fixed one to lay subgroups out`;
  const square = configs.find((c) => c.M === 16 && c.N === 16 && c.K === 16);
  const best = square ?? [...configs].sort((a, b) => b.M * b.N * b.K - a.M * a.N * a.K)[0];
  if (best == null) return 'no f16 configuration';
  return { m: best.M, n: best.N, k: best.K, subgroupSize: min };
}
