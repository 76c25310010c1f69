import { afterEach, describe, expect, it } from 'vitest';
import { KernelConfigError } from '../errors.js';
import { computeUnitsOf, DEFAULT_COMPUTE_UNITS, matMulDevice, setMatMulComputeUnits } from './matmul-device.js';

afterEach(() => setMatMulComputeUnits(undefined));

describe('computeUnitsOf', () => {
  it('knows the cards the planner was measured on by the name Dawn reports', () => {
    // As Dawn reported the H100 host's adapter (bench JSON `adapter`): the description is the driver.
    expect(computeUnitsOf({ vendor: 'nvidia', architecture: '', device: 'nvidia-h100-80gb-hbm3', description: 'NVIDIA: 580.159.04 580.159.4.0' })).toBe(132);
    expect(computeUnitsOf({ device: 'NVIDIA H100 PCIe' })).toBe(114);
    expect(computeUnitsOf({ device: '', description: 'NVIDIA H200' })).toBe(132);
    expect(computeUnitsOf({ device: 'nvidia-a100-sxm4-40gb' })).toBe(108);
  });

  it('falls back to the default where the name is hidden or unknown (browsers, CPU Vulkan)', () => {
    expect(computeUnitsOf({ vendor: 'nvidia', architecture: 'ampere', device: '', description: '' })).toBe(DEFAULT_COMPUTE_UNITS);
    expect(computeUnitsOf({ vendor: 'mesa', device: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(DEFAULT_COMPUTE_UNITS);
    expect(computeUnitsOf(undefined)).toBe(DEFAULT_COMPUTE_UNITS);
  });

  it("takes the app's count over the adapter's name, until reset", () => {
    setMatMulComputeUnits(20);
    expect(computeUnitsOf({ device: 'nvidia-h100-80gb-hbm3' })).toBe(20);
    setMatMulComputeUnits(undefined);
    expect(computeUnitsOf({ device: 'nvidia-h100-80gb-hbm3' })).toBe(132);
  });

  it('refuses a count that is not a positive integer, saying what it takes', () => {
    for (const bad of [0, -4, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => setMatMulComputeUnits(bad)).toThrow(KernelConfigError);
    }
    expect(() => setMatMulComputeUnits(0)).toThrow(/positive integer/);
  });
});

describe('matMulDevice', () => {
  it("reads the limits and the device's adapterInfo", () => {
    const limits = { maxComputeWorkgroupStorageSize: 32768, maxComputeInvocationsPerWorkgroup: 256 } as GPUSupportedLimits;
    expect(matMulDevice({ limits })).toEqual({ maxShared: 32768, maxThreads: 256, computeUnits: DEFAULT_COMPUTE_UNITS });
    const h100 = Object.assign({ limits }, { adapterInfo: { device: 'nvidia-h100-80gb-hbm3' } });
    expect(matMulDevice(h100).computeUnits).toBe(132);
  });
});
