import { engine, findBackend, registerBackend, removeBackend } from '@tensorflow/tfjs-core';
import { BackendUnavailableError, type MatMulPrecision } from '../backend-types.js';
import { precisionRequest } from './webgpu-features.js';

/** Adapter limits spectromix raises the device to, when the adapter allows more than the WebGPU defaults. */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Features requested when the adapter has them (tfjs uses timestamps for profiling; our kernels use subgroups). */
const WANTED_FEATURES = ['timestamp-query', 'subgroups', 'shader-f16'] as const;

/**
 * Registers tfjs's WebGPU backend on a device whose limits are raised to what the adapter allows (the default
 * 128 MiB storage binding is too small for large activations), replacing the factory that
 * `@tensorflow/tfjs-backend-webgpu` registers on import. Works with any `GPU` object: the browser's
 * `navigator.gpu` or Dawn's from the `webgpu` package.
 * @param gpu the GPU entry point.
 * @param powerPreference adapter preference.
 * @param precision the matmul precision to set the device up for: `'f16'` and `'auto'` also request the f16
 *   subgroup-matrix features (`'f16'` throws WebGPUFeaturesMissingError when one is missing).
 * @returns details of the adapter, the limits granted and, for `'f16'` / `'auto'`, the f16-matmul capability.
 */
export async function registerWebGPU(
  gpu: GPU,
  powerPreference: 'low-power' | 'high-performance' = 'high-performance',
  precision: MatMulPrecision = 'fp32',
): Promise<Record<string, string | number | boolean>> {
  const adapter = await gpu.requestAdapter({ powerPreference });
  if (adapter == null) {
    throw new BackendUnavailableError('webgpu', 'navigator.gpu.requestAdapter() returned no adapter: this machine exposes no WebGPU device (on Linux install a Vulkan driver, e.g. Mesa lavapipe from mesa-vulkan-drivers).');
  }
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const requiredLimits: Record<string, number> = {};
  const limits = adapter.limits as unknown as Record<string, number>;
  for (const key of RAISED_LIMITS) {
    const value = limits[key];
    if (typeof value === 'number') requiredLimits[key] = value;
  }
  const wanted = precisionRequest(adapter, precision);
  const requiredFeatures = [...new Set([...WANTED_FEATURES.filter((f) => adapter.features.has(f)), ...wanted.features])] as GPUFeatureName[];
  const info = adapter.info;
  if (findBackend('webgpu') != null || engine().registryFactory['webgpu'] != null) removeBackend('webgpu');
  let device: GPUDevice | undefined;
  registerBackend(
    'webgpu',
    async () => {
      device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
      return new WebGPUBackend(device, info);
    },
    3,
  );
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    maxStorageBufferBindingSize: requiredLimits['maxStorageBufferBindingSize'] ?? 0,
    maxBufferSize: requiredLimits['maxBufferSize'] ?? 0,
    features: requiredFeatures.join(','),
    ...wanted.details,
  };
}
