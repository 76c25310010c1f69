import { KernelConfigError } from '../errors.js';

/**
 * What the matmul planner knows of the device: the two limits that rule tiles out, and how many workgroups run at
 * once (through {@link MatMulDevice.computeUnits}), which decides K splits and which tile fills the card evenly.
 */
export interface MatMulDevice {
  /** `maxComputeWorkgroupStorageSize`: bytes of workgroup memory a tile may use. */
  readonly maxShared: number;
  /** `maxComputeInvocationsPerWorkgroup`: threads a tile may use. */
  readonly maxThreads: number;
  /**
   * Multiprocessors (NVIDIA SMs, AMD CUs, Apple or Intel GPU cores) that run workgroups side by side. WebGPU does
   * not expose this number; {@link computeUnitsOf} says where it comes from.
   */
  readonly computeUnits: number;
}

/** The adapter fields {@link computeUnitsOf} reads (`GPUAdapterInfo`; browsers may leave `device` and `description` empty). */
export interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
}

/**
 * Compute units assumed when neither the app nor the adapter's name says: 32, a mid-range card (an RTX 3060 has 28
 * SMs, an Apple M-series Max 32-40 GPU cores, an Arc A770 32 Xe-cores). It is safe in both directions: the count
 * only shapes performance, never results, and on a larger card it errs towards fewer K splits (fewer partial sums
 * to store and add) rather than towards 900 workgroups a small integrated GPU would run in many waves.
 */
export const DEFAULT_COMPUTE_UNITS = 32;

/**
 * Cards whose compute units are known by the name the adapter reports (`adapterInfo.device`, else `description`;
 * Dawn on the H100 host reports `nvidia-h100-80gb-hbm3`). The planner's thresholds were measured on the H100 SXM
 * (docs/perf-notes.md); the others share its multiprocessor design. First match wins.
 */
export const KNOWN_COMPUTE_UNITS: readonly { readonly name: RegExp; readonly computeUnits: number; readonly card: string }[] = [
  { name: /h100.*pcie/i, computeUnits: 114, card: 'NVIDIA H100 PCIe' },
  { name: /gh200|h200|h100/i, computeUnits: 132, card: 'NVIDIA H100 SXM / NVL, H200, GH200' },
  { name: /a100/i, computeUnits: 108, card: 'NVIDIA A100' },
];

let override: number | undefined;

/**
 * Tells the matmul planner how many compute units the GPU has, for devices whose adapter does not name a card of
 * {@link KNOWN_COMPUTE_UNITS} (browsers usually hide the name). `undefined` goes back to the adapter's name or
 * {@link DEFAULT_COMPUTE_UNITS}. Applies to products planned after the call.
 * @throws KernelConfigError unless a positive integer or undefined.
 */
export function setMatMulComputeUnits(computeUnits: number | undefined): void {
  if (computeUnits !== undefined && !(Number.isInteger(computeUnits) && computeUnits > 0)) {
    throw new KernelConfigError('setMatMulComputeUnits', `expected a positive integer (the GPU's multiprocessor count) or undefined, got ${String(computeUnits)}`);
  }
  override = computeUnits;
}

/**
 * The compute units the planner assumes: the app's {@link setMatMulComputeUnits} value, else the entry of
 * {@link KNOWN_COMPUTE_UNITS} matching the adapter's `device` or `description`, else {@link DEFAULT_COMPUTE_UNITS}.
 */
export function computeUnitsOf(info: AdapterInfoLike | undefined): number {
  if (override !== undefined) return override;
  const names = [info?.device, info?.description].filter((n): n is string => n != null && n !== '');
  for (const name of names) {
    const known = KNOWN_COMPUTE_UNITS.find((k) => k.name.test(name));
    if (known != null) return known.computeUnits;
  }
  return DEFAULT_COMPUTE_UNITS;
}

/** The planner's view of a WebGPU device: its limits and `device.adapterInfo` (where the implementation has it). */
export function matMulDevice(device: Pick<GPUDevice, 'limits'>): MatMulDevice {
  const info = (device as { adapterInfo?: AdapterInfoLike }).adapterInfo;
  return {
    maxShared: device.limits.maxComputeWorkgroupStorageSize,
    maxThreads: device.limits.maxComputeInvocationsPerWorkgroup,
    computeUnits: computeUnitsOf(info),
  };
}
