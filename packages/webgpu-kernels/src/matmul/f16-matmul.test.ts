import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { registerFastWebGPUKernels, unregisterFastWebGPUKernels } from '../register.js';
import { asWebGPUBackend } from '../backend.js';
import { F16MatMulUnavailableError } from '../errors.js';
import { startMatMulLog, takeMatMulLog } from './launch-log.js';
import { f16Fragment } from './f16-caps.js';
import { F16_TILES } from './f16-plan.js';
import { matMulGeometry } from './run-matmul.js';
import { runF16MatMul } from './run-f16-matmul.js';
import { F16_CHECK_CASES, checkF16Case } from '../testing/f16-cases.js';

/** Why this device cannot run the f16 kernel (lavapipe: no subgroup matrices), or undefined where it can. */
let unavailable: string | undefined;

beforeAll(async () => {
  await initBackend('webgpu', { matmulPrecision: 'auto' });
  const fragment = f16Fragment(asWebGPUBackend(tf.backend()).device);
  unavailable = typeof fragment === 'string' ? fragment : undefined;
  if (unavailable != null) console.log(`f16 subgroup-matrix matmul not checked here: ${unavailable}. It runs where Dawn offers subgroup matrices (an NVIDIA GPU; BENCHMARKS.md records the run).`);
});

describe('f16 matmul registration', () => {
  it("matMulPrecision 'auto' keeps fp32 on a device without subgroup matrices; 'f16' takes the shader-f16 kernel there", async () => {
    if (unavailable == null) {
      expect(registerFastWebGPUKernels({ matMulPrecision: 'f16' }).kernels).toContain('BatchMatMul');
      return;
    }
    const plans = async (): Promise<string[]> => {
      startMatMulLog();
      const y = tf.matMul(tf.ones([8, 8]), tf.ones([8, 8]));
      expect(Array.from(await y.data())).toEqual(new Array(64).fill(8));
      y.dispose();
      return takeMatMulLog().map((l) => l.plan);
    };
    registerFastWebGPUKernels({ matMulPrecision: 'auto' });
    expect((await plans()).map((p) => p.startsWith('f16'))).toEqual([false]);
    const device = asWebGPUBackend(tf.backend()).device;
    if (device.features.has('shader-f16')) {
      registerFastWebGPUKernels({ matMulPrecision: 'f16' });
      expect(await plans()).toEqual(['f16 tiled 32x32x16 (shader-f16)']);
    } else {
      expect(() => registerFastWebGPUKernels({ matMulPrecision: 'f16' })).toThrow(F16MatMulUnavailableError);
    }
    unregisterFastWebGPUKernels();
    registerFastWebGPUKernels({ matMulPrecision: 'fp32' });
  });
});

describe('f16 subgroup-matrix matmul vs float64 (where the device has subgroup matrices)', () => {
  for (const c of F16_CHECK_CASES) {
    for (const tileName of ['planner', 'f16Large', 'f16Medium'] as const) {
      it(`${c.name}, ${tileName}`, async (ctx) => {
        if (unavailable != null) ctx.skip(unavailable);
        const backend = asWebGPUBackend(tf.backend());
        const result = await checkF16Case(c, (a, b, transposeA, transposeB) => {
          if (tileName === 'planner') {
            registerFastWebGPUKernels({ matMulPrecision: 'f16' });
            startMatMulLog();
            const y = tf.matMul(a, b, transposeA, transposeB);
            expect(takeMatMulLog()[0]?.plan).toMatch(/^f16 /);
            return y;
          }
          const g = matMulGeometry(a, b, transposeA, transposeB);
          if (typeof g === 'string') throw new Error(g);
          const out = runF16MatMul(backend, { a, b, transposeA, transposeB }, g, F16_TILES[tileName]);
          if (typeof out === 'string') throw new Error(out);
          return tf.engine().makeTensorFromTensorInfo(out.out);
        });
        expect(result.pass, JSON.stringify(result)).toBe(true);
      });
    }
  }
});
