import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { fastKernelStats, resetFastKernelStats } from '../stats.js';
import { gelu64, geluGrad64, matMul64, uniform } from '../reference/float64.js';
import { outputFiniteDifferences, read } from '../testing/helpers.js';
import { KernelShapeError } from '../errors.js';
import { linear } from './linear.js';
import { sharedWeightTimes } from '../gradients/linear-grad.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };

describeBackends('linear', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
    resetFastKernelStats();
  });

  // ChannelMLP layer: x [B, N, D] times a torch-layout weight [D_C, D], column bias, GELU, plus a residual.
  const [B, N, D, DC] = [2, 6, 8, 12];
  const x = uniform(B * N * D, 31);
  const w = uniform(DC * D, 32);
  const bias = uniform(DC, 33);
  const res = uniform(B * N * DC, 34);
  const dy = uniform(B * N * DC, 35);
  const z = Array.from(matMul64({ data: x, batch: 1, rows: B * N, cols: D }, { data: w, batch: 1, rows: DC, cols: D }, false, true), (v, i) => v + (bias[i % DC] as number));

  it('channel layer forward: act(x W^T + b) + residual, linear and gelu', async () => {
    const args = [tf.tensor(x, [B, N, D]), tf.tensor(w, [DC, D])] as const;
    const lin = await read(linear(...args, { transposeB: true, bias: tf.tensor(bias) }));
    expectAllClose(lin, z, TOL, 'linear');
    const act = await read(linear(...args, { transposeB: true, bias: tf.tensor(bias), activation: 'gelu', residual: tf.tensor(res, [B, N, DC]) }));
    expectAllClose(act, z.map((v, i) => gelu64(v) + (res[i] as number)), TOL, 'gelu + residual');
  });

  it('channel layer gradients (GELU split off while recording) match float64', async () => {
    const dz = z.map((v, i) => (dy[i] as number) * geluGrad64(v));
    const [gx, gw, gb, gr] = tf.grads((a: Tensor, b: Tensor, c: Tensor, r: Tensor) => linear(a, b, { transposeB: true, bias: c, activation: 'gelu', residual: r }))(
      [tf.tensor(x, [B, N, D]), tf.tensor(w, [DC, D]), tf.tensor(bias), tf.tensor(res, [B, N, DC])],
      tf.tensor(dy, [B, N, DC]),
    ) as [Tensor, Tensor, Tensor, Tensor];
    expectAllClose(await read(gx), matMul64({ data: dz, batch: 1, rows: B * N, cols: DC }, { data: w, batch: 1, rows: DC, cols: D }, false, false), TOL, 'dx');
    expectAllClose(await read(gw), matMul64({ data: dz, batch: 1, rows: B * N, cols: DC }, { data: x, batch: 1, rows: B * N, cols: D }, true, false), TOL, 'dW');
    const db = new Float64Array(DC);
    dz.forEach((v, i) => (db[i % DC] = (db[i % DC] as number) + v));
    expectAllClose(await read(gb), db, TOL, 'dbias');
    expectAllClose(await read(gr), dy, { rtol: 0, atol: 0 }, 'dresidual');
  });

  // TokenMix without transposes: W [D_S, N] shared across the batch times z [B, N, D], bias per row.
  const DS = 5;
  const wt = uniform(DS * N, 36);
  const bt = uniform(DS, 37);
  const dyt = uniform(B * DS * D, 38);
  const zt = Array.from(matMul64({ data: wt, batch: 1, rows: DS, cols: N }, { data: x, batch: B, rows: N, cols: D }, false, false), (v, i) => v + (bt[Math.floor(i / D) % DS] as number));

  it('token layer forward and gradients with a broadcast weight and a row bias', async () => {
    const y = await read(linear(tf.tensor(wt, [DS, N]), tf.tensor(x, [B, N, D]), { bias: tf.tensor(bt), biasAxis: 'row' }));
    expectAllClose(y, zt, TOL, 'token forward');
    const [gw, gz, gb] = tf.grads((a: Tensor, b: Tensor, c: Tensor) => linear(a, b, { bias: c, biasAxis: 'row' }))([tf.tensor(wt, [DS, N]), tf.tensor(x, [B, N, D]), tf.tensor(bt)], tf.tensor(dyt, [B, DS, D])) as [Tensor, Tensor, Tensor];
    const dW = new Float64Array(DS * N);
    const perBatch = matMul64({ data: dyt, batch: B, rows: DS, cols: D }, { data: x, batch: B, rows: N, cols: D }, false, true);
    perBatch.forEach((v, i) => (dW[i % (DS * N)] = (dW[i % (DS * N)] as number) + v));
    expectAllClose(await read(gw), dW, TOL, 'dW');
    expectAllClose(await read(gz), matMul64({ data: wt, batch: 1, rows: DS, cols: N }, { data: dyt, batch: B, rows: DS, cols: D }, true, false), TOL, 'dz');
    const db = new Float64Array(DS);
    dyt.forEach((v, i) => (db[Math.floor(i / D) % DS] = (db[Math.floor(i / D) % DS] as number) + v));
    expectAllClose(await read(gb), db, TOL, 'dbias');
  });

  it('a shared weight times every item, read as is or through a transposed copy (token input gradients)', async () => {
    const want = matMul64({ data: wt, batch: 1, rows: DS, cols: N }, { data: dyt, batch: B, rows: DS, cols: D }, true, false);
    const w = tf.tensor(wt, [DS, N]);
    const dz = tf.tensor(dyt, [B, DS, D]);
    // The token map's weight is stored [in, out] = [N, DS]: its input gradient is W dz[b].
    const wStored = tf.transpose(w);
    for (const transposeFirst of [false, true]) {
      expectAllClose(await read(sharedWeightTimes(wStored, dz, transposeFirst)), want, TOL, `transposeFirst=${transposeFirst}`);
    }
  });

  it('gradient with respect to a matches central differences (transposeA)', async () => {
    const a = uniform(12, 39);
    const b = tf.tensor(uniform(12, 40), [4, 3]);
    const wts = uniform(9, 41);
    const f = (t: Tensor) => linear(t, b, { transposeA: true, activation: 'gelu' });
    const analytic = await read(tf.grad(f)(tf.tensor(a, [4, 3]), tf.tensor(wts, [3, 3])));
    const numeric = await outputFiniteDifferences(f, a, [4, 3], wts, 1e-2);
    expectAllClose(analytic, numeric, { rtol: 1e-4, atol: 1e-5 }, 'da vs finite differences');
  });

  it('rejects mismatched inner sizes and residual shapes with typed errors', () => {
    expect(() => linear(tf.zeros([2, 3]), tf.zeros([4, 5]))).toThrow(KernelShapeError);
    expect(() => linear(tf.zeros([2, 3]), tf.zeros([3, 5]), { residual: tf.zeros([5]) })).toThrow(KernelShapeError);
    expect(() => linear(tf.zeros([2, 3]), tf.zeros([3, 5]), { bias: tf.zeros([2]) })).toThrow(KernelShapeError);
  });

  if (ctx.backend === 'webgpu') {
    it('ran the Linear kernel (fused epilogue when not recording) and the fast matmul for its gradients', () => {
      const fast = fastKernelStats().fast;
      expect(fast['spectromix.Linear']).toBeGreaterThan(3);
      expect(fast['BatchMatMul']).toBeGreaterThan(3);
      expect(fastKernelStats().fallback).toEqual({});
    });
  }
});
