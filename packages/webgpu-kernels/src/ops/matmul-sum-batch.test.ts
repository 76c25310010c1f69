import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { matMul64, uniform } from '../reference/float64.js';
import { read } from '../testing/helpers.js';
import { startMatMulLog, takeMatMulLog } from '../matmul/launch-log.js';
import { matMulSumBatch } from './grad-ops.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };

/** Float64 `sum_i op(a[i]) @ op(b[i])`. */
function sum64(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], tA: boolean, tB: boolean): Float64Array {
  const [batch, ar, ac] = aShape as [number, number, number];
  const [, br, bc] = bShape as [number, number, number];
  const items = matMul64({ data: a, batch, rows: ar, cols: ac }, { data: b, batch, rows: br, cols: bc }, tA, tB);
  const size = items.length / batch;
  const out = new Float64Array(size);
  items.forEach((v, i) => (out[i % size] = (out[i % size] as number) + v));
  return out;
}

describeBackends('matMulSumBatch (a shared weight\'s gradient)', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
  });

  // K = 32 per item: folded into one product with K = 3 * 32 on WebGPU. M = 20, N = 12.
  for (const [tA, tB] of [
    [false, true],
    [false, false],
    [true, false],
    [true, true],
  ] as const) {
    it(`sums the batch, transposeA=${tA} transposeB=${tB}`, async () => {
      const [batch, m, k, n] = [3, 20, 32, 12];
      const aShape = tA ? [batch, k, m] : [batch, m, k];
      const bShape = tB ? [batch, n, k] : [batch, k, n];
      const a = uniform(batch * m * k, 51);
      const b = uniform(batch * k * n, 52);
      startMatMulLog();
      const y = matMulSumBatch(tf.tensor(a, aShape), tf.tensor(b, bShape), tA, tB);
      const log = takeMatMulLog();
      expect(y.shape).toEqual([m, n]);
      expectAllClose(await read(y), sum64(a, aShape, b, bShape, tA, tB), TOL, 'matMulSumBatch');
      if (ctx.backend === 'webgpu') expect(log.map((l) => [l.kind, l.batch, l.k])).toEqual([['product', 1, batch * k]]);
    });
  }

  it('K not a multiple of 16: products per item, then one sum of the slabs', async () => {
    const [batch, m, k, n] = [4, 6, 10, 5];
    const a = uniform(batch * m * k, 53);
    const b = uniform(batch * n * k, 54);
    startMatMulLog();
    const y = matMulSumBatch(tf.tensor(a, [batch, m, k]), tf.tensor(b, [batch, n, k]), false, true);
    const log = takeMatMulLog();
    expectAllClose(await read(y), sum64(a, [batch, m, k], b, [batch, n, k], false, true), TOL, 'per item + sum');
    if (ctx.backend === 'webgpu') expect(log.map((l) => [l.kind, l.batch])).toEqual([['product', batch], ['split-sum', batch]]);
  });
});
