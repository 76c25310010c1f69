import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { fastKernelStats, resetFastKernelStats } from '../stats.js';
import { matMul64, uniform } from '../reference/float64.js';
import { read } from '../testing/helpers.js';
import { asWebGPUBackend } from '../backend.js';
import { runFastMatMul } from './run-matmul.js';
import type { MatMulPlan } from './matmul-plan.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };
/** 32x32 outputs, 16 threads of 8x8, K depth 4: the large tiles' register blocking in a shader lavapipe compiles quickly. */
const COMPACT_TILE = { tileM: 32, tileN: 32, tileK: 4, threadM: 8, threadN: 8 };
/**
 * 32x96 outputs, 48 threads of 8x8: A's 64 load units do not divide among 48 threads, so this runs the ragged load
 * path (taken by sweep tiles such as 96x128 or 128x96) through a shader lavapipe compiles quickly.
 */
const RAGGED_TILE = { tileM: 32, tileN: 96, tileK: 8, threadM: 8, threadN: 8 };
const size = (s: number[]) => s.reduce((x, y) => x * y, 1);

function operands(aShape: number[], bShape: number[], seed: number) {
  const a = uniform(size(aShape), seed);
  const b = uniform(size(bShape), seed + 1);
  const op = (data: Float32Array, shape: number[]) => ({ data, batch: size(shape.slice(0, -2)), rows: shape[shape.length - 2] as number, cols: shape[shape.length - 1] as number });
  return { a, b, a64: op(a, aShape), b64: op(b, bShape) };
}

describeBackends('matMul (BatchMatMul, _FusedMatMul) vs float64', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
    resetFastKernelStats();
  });

  const modes = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const;
  // 37x29x21: no size a multiple of 4 or of a tile (scalar loads, ragged tiles); 36x28x20: 16-byte loads.
  for (const [m, k, n] of [
    [37, 29, 21],
    [36, 28, 20],
  ] as const) {
    for (const [tA, tB] of modes) {
      it(`[${m}x${k}] x [${k}x${n}] transposeA=${tA} transposeB=${tB}`, async () => {
        const aShape = tA ? [k, m] : [m, k];
        const bShape = tB ? [n, k] : [k, n];
        const { a, b, a64, b64 } = operands(aShape, bShape, m + k + n + (tA ? 10 : 0) + (tB ? 20 : 0));
        const y = tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), tA, tB);
        expect(y.shape).toEqual([m, n]);
        expectAllClose(await read(y), matMul64(a64, b64, tA, tB), TOL, 'matMul');
      });
    }
  }

  for (const [aShape, bShape, tA, tB] of [
    [[3, 20, 12], [3, 12, 16], false, false],
    [[20, 12], [2, 3, 12, 16], false, false],
    [[2, 3, 20, 12], [16, 12], false, true],
    [[12, 20], [3, 12, 17], true, false],
  ] as const) {
    it(`batched ${JSON.stringify(aShape)} x ${JSON.stringify(bShape)}`, async () => {
      const { a, b, a64, b64 } = operands([...aShape], [...bShape], 7);
      const y = tf.matMul(tf.tensor(a, [...aShape]), tf.tensor(b, [...bShape]), tA, tB);
      expectAllClose(await read(y), matMul64(a64, b64, tA, tB), TOL, 'batched matMul');
    });
  }

  it('fused bias + relu / leakyrelu epilogues (tf.fused.matMul)', async () => {
    // Rank 2: tfjs-backend-wasm's own _FusedMatMul gets batched products with a bias wrong (seen in 4.22).
    const { a, b, a64, b64 } = operands([18, 13], [13, 11], 11);
    const bias = uniform(11, 12);
    const ref = matMul64(a64, b64, false, false);
    const z = Array.from(ref, (v, i) => v + (bias[i % 11] as number));
    const acts = { relu: (v: number) => Math.max(v, 0), leakyrelu: (v: number) => (v >= 0 ? v : 0.3 * v) } as const;
    for (const [activation, f] of Object.entries(acts)) {
      const y = tf.fused.matMul({ a: tf.tensor(a, [18, 13]), b: tf.tensor(b, [13, 11]), bias: tf.tensor(bias, [11]), activation: activation as 'relu', leakyreluAlpha: 0.3 });
      expectAllClose(await read(y), z.map(f), TOL, `fused ${activation}`);
    }
  });

  if (ctx.backend === 'webgpu') {
    it('ran the fast kernels, never tfjs fallbacks, for float32 products', () => {
      const stats = fastKernelStats();
      expect(stats.fast['BatchMatMul'] ?? 0).toBeGreaterThan(10);
      expect(stats.fast['_FusedMatMul'] ?? 0).toBe(2);
      expect(stats.fallback).toEqual({});
    });

    it('hands int32 products and prelu to tfjs', async () => {
      resetFastKernelStats();
      const y = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32'));
      expect(Array.from(await y.data())).toEqual([19, 22, 43, 50]);
      y.dispose();
      const p = tf.fused.matMul({ a: tf.ones([2, 3]), b: tf.ones([3, 2]), activation: 'prelu', preluActivationWeights: tf.scalar(0.5) });
      expect(Array.from(await p.data())).toEqual([3, 3, 3, 3]);
      p.dispose();
      expect(Object.keys(fastKernelStats().fallback).length).toBe(2);
    });

    // The 8x8 register blocking of the large tiles (in a 32x32 tile, quick for lavapipe to compile), the ragged load
    // path and K splits, forced: the planner picks the tiny tile for test-sized products.
    for (const plan of [
      { tile: COMPACT_TILE, splitK: 1 },
      { tile: RAGGED_TILE, splitK: 1 },
      { tile: 'tiny', splitK: 3 },
      { tile: COMPACT_TILE, splitK: 2 },
    ] as MatMulPlan[]) {
      it(`forced plan ${JSON.stringify(plan)}, transposeB and transposeA`, async () => {
        const backend = asWebGPUBackend(tf.backend());
        for (const [tA, tB] of [
          [false, true],
          [true, false],
        ] as const) {
          const [m, k, n] = [70, 44, 36];
          const aShape = tA ? [k, m] : [m, k];
          const bShape = tB ? [n, k] : [k, n];
          const { a, b, a64, b64 } = operands(aShape, bShape, 21);
          const out = runFastMatMul(backend, { a: tf.tensor(a, aShape), b: tf.tensor(b, bShape), transposeA: tA, transposeB: tB }, plan);
          if (typeof out === 'string') throw new Error(out);
          expectAllClose(await read(tf.engine().makeTensorFromTensorInfo(out)), matMul64(a64, b64, tA, tB), TOL, JSON.stringify(plan));
        }
      });
    }
  }
});
