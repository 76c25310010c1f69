import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { HFFT_KERNEL_NAMES, registerHfftKernels, rfft } from './index.js';

describe('kernel registration', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('registers nothing at import time, everything on first use, under namespaced names', () => {
    const backend = tf.getBackend();
    for (const name of HFFT_KERNEL_NAMES) {
      expect(name.startsWith('spectromix.')).toBe(true);
      expect(tf.getKernel(name, backend)).toBeUndefined();
      expect(tf.getGradient(name)).toBeUndefined();
    }
    rfft(tf.ones([4])).re.dispose();
    for (const name of HFFT_KERNEL_NAMES) {
      expect(tf.getKernel(name, backend)?.kernelName).toBe(name);
      expect(tf.getGradient(name)?.kernelName).toBe(name);
    }
    // tfjs's own FFT kernels are left alone.
    expect(tf.getKernel('FFT', backend)?.kernelName ?? 'FFT').toBe('FFT');
  });

  it('registerHfftKernels covers every known backend and is idempotent', () => {
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      registerHfftKernels();
      registerHfftKernels();
    } finally {
      console.warn = warn;
    }
    expect(warnings).toEqual([]);
    for (const backend of Object.keys(tf.engine().registryFactory)) {
      for (const name of HFFT_KERNEL_NAMES) expect(tf.getKernel(name, backend)).toBeDefined();
    }
  });
});
