import { afterEach, describe, expect, it } from 'vitest';
import { HfftKernelPathError, forceKernelPath, forcedKernelPath, selectKernelPath, supportedKernelPaths } from './index.js';
import { resolveKernelPath } from './select.js';

describe('kernel path selection', () => {
  afterEach(() => forceKernelPath(null));

  it('follows the documented rule per backend and length', () => {
    for (const n of [1, 12, 22, 64]) {
      expect(selectKernelPath('cpu', n)).toBe('matmul');
      expect(selectKernelPath('wasm', n)).toBe('matmul');
    }
    for (const n of [65, 97, 1024, 4096, 4099]) {
      expect(selectKernelPath('cpu', n)).toBe('mixed-radix');
      expect(selectKernelPath('wasm', n)).toBe('mixed-radix');
    }
    expect(selectKernelPath('webgpu', 12)).toBe('stockham');
    expect(selectKernelPath('webgpu', 4096)).toBe('stockham');
    expect(selectKernelPath('webgpu', 97)).toBe('matmul');
    expect(selectKernelPath('webgpu', 1021)).toBe('matmul');
    expect(selectKernelPath('webgpu', 1031)).toBe('stockham');
    expect(selectKernelPath('webgl', 1024)).toBe('matmul');
    expect(selectKernelPath('tensorflow', 1025)).toBe('four-step');
  });

  it('lets a path be forced, and refuses one the backend cannot run', () => {
    forceKernelPath('matmul');
    expect(forcedKernelPath()).toBe('matmul');
    expect(resolveKernelPath('cpu', 64)).toBe('matmul');
    forceKernelPath('stockham');
    expect(() => resolveKernelPath('cpu', 64)).toThrow(HfftKernelPathError);
    expect(() => resolveKernelPath('cpu', 64)).toThrow("Kernel path 'stockham' does not run on the 'cpu' backend; it runs matmul, mixed-radix, four-step");
    expect(supportedKernelPaths('webgl')).toEqual(['matmul', 'four-step']);
    forceKernelPath(null);
    expect(resolveKernelPath('webgpu', 97)).toBe('matmul');
  });

  it('reads no environment variable: only forceKernelPath forces a path', () => {
    const before = process.env['SPECTROMIX_HFFT_PATH'];
    try {
      process.env['SPECTROMIX_HFFT_PATH'] = 'four-step';
      expect(forcedKernelPath()).toBeNull();
      expect(resolveKernelPath('cpu', 8)).toBe('matmul');
    } finally {
      if (before == null) delete process.env['SPECTROMIX_HFFT_PATH'];
      else process.env['SPECTROMIX_HFFT_PATH'] = before;
    }
  });
});
