import { afterAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels, unregisterFastWebGPUKernels } from './register.js';
import * as names from './names.js';
import { matMulPrecision } from './matmul/precision.js';

describeBackends(
  'registerFastWebGPUKernels',
  () => {
    afterAll(() => {
      registerFastWebGPUKernels();
    });

    it('swaps the matmuls, registers every op kernel and gradient, and is idempotent', () => {
      const first = registerFastWebGPUKernels();
      expect(first.skipped).toEqual([]);
      expect(first.kernels).toEqual(expect.arrayContaining(['BatchMatMul', '_FusedMatMul', ...Object.values(names)]));
      expect(first.gradients).toEqual([names.LINEAR, names.LAYER_NORM, names.LAYER_NORM_SKIP, names.BIAS_GELU, names.GELU, names.ROLL_GROUPS, names.ROLLED_LINEAR]);
      const ours = tf.getKernel('BatchMatMul', 'webgpu');
      expect(registerFastWebGPUKernels().kernels).toEqual(first.kernels);
      expect(tf.getKernel('BatchMatMul', 'webgpu')).toBe(ours);
    });

    it('a call without matMulPrecision keeps the mode an earlier call set (mixer registers on first use, after a trainer)', () => {
      registerFastWebGPUKernels({ matMulPrecision: 'auto' });
      registerFastWebGPUKernels();
      expect(matMulPrecision()).toBe('auto');
      registerFastWebGPUKernels({ matMulPrecision: 'fp32' });
      expect(matMulPrecision()).toBe('fp32');
    });

    it('unregisterFastWebGPUKernels restores tfjs kernels and removes the op kernels', () => {
      registerFastWebGPUKernels();
      const ours = tf.getKernel('BatchMatMul', 'webgpu');
      const removed = unregisterFastWebGPUKernels();
      expect(removed).toEqual(expect.arrayContaining(['BatchMatMul', '_FusedMatMul', names.LAYER_NORM]));
      expect(tf.getKernel('BatchMatMul', 'webgpu')).not.toBe(ours);
      expect(tf.getKernel(names.LAYER_NORM, 'webgpu')).toBeUndefined();
    });
  },
  ['webgpu'],
);
