import { WebGPUFeaturesMissingError, type MatMulPrecision } from '../backend-types.js';

/** Device features an f16 matmul on subgroup matrices needs (f16 in WGSL, subgroups, and the matrices themselves). */
export const F16_MATMUL_FEATURES = ['shader-f16', 'subgroups', 'chromium-experimental-subgroup-matrix'] as const;

/** One of Dawn's `GPUSubgroupMatrixConfig`s (on `adapter.info` / `device.adapterInfo`): an M x K by K x N product. */
export interface SubgroupMatrixConfigLike {
  readonly componentType: string;
  readonly resultComponentType: string;
  readonly M: number;
  readonly N: number;
  readonly K: number;
}

/** What the adapter offers towards f16 matmuls. */
export interface F16MatMulSupport {
  /** The features of {@link F16_MATMUL_FEATURES} the adapter has (requested from the device). */
  readonly present: readonly GPUFeatureName[];
  /** What is missing: feature names, or a sentence when the feature is there without an f16 -> f32 configuration. */
  readonly missing: readonly string[];
  /** The f16 x f16 -> f32 configurations, as `MxNxK`. */
  readonly configs: readonly string[];
}

/** The subgroup-matrix configurations Dawn lists on an adapter or device info (none when the field is absent). */
export function subgroupMatrixConfigs(info: unknown): readonly SubgroupMatrixConfigLike[] {
  const configs = (info as { subgroupMatrixConfigs?: unknown } | null | undefined)?.subgroupMatrixConfigs;
  return Array.isArray(configs) ? (configs as SubgroupMatrixConfigLike[]) : [];
}

/** Which of the f16-matmul features and configurations an adapter offers. */
export function f16MatMulSupport(adapter: GPUAdapter): F16MatMulSupport {
  const present = F16_MATMUL_FEATURES.filter((f) => adapter.features.has(f)) as GPUFeatureName[];
  const missing: string[] = F16_MATMUL_FEATURES.filter((f) => !adapter.features.has(f));
  const configs = subgroupMatrixConfigs(adapter.info)
    .filter((c) => c.componentType === 'f16' && c.resultComponentType === 'f32')
    .map((c) => `${c.M}x${c.N}x${c.K}`);
  if (missing.length === 0 && configs.length === 0) {
    missing.push('an f16 x f16 -> f32 subgroup-matrix configuration (the adapter lists only other component types)');
  }
  return { present, missing, configs };
}

/**
 * The device features to request for a precision mode, and the details to report; throws
 * {@link WebGPUFeaturesMissingError} when `'f16'` was asked for and something is missing.
 */
export function precisionRequest(
  adapter: GPUAdapter,
  precision: MatMulPrecision,
): { features: readonly GPUFeatureName[]; details: Record<string, string | boolean> } {
  if (precision === 'fp32') return { features: [], details: { matmulPrecision: 'fp32' } };
  const support = f16MatMulSupport(adapter);
  if (precision === 'f16' && support.missing.length > 0) {
    const info = adapter.info;
    throw new WebGPUFeaturesMissingError(support.missing, [info?.vendor, info?.architecture, info?.description].filter((x) => x != null && x !== '').join(' ') || 'unnamed');
  }
  return {
    features: support.present,
    details: {
      matmulPrecision: precision,
      f16MatMul: support.missing.length === 0,
      f16MatMulMissing: support.missing.join('; '),
      subgroupMatrixConfigs: support.configs.join(','),
    },
  };
}
