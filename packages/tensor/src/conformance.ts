import { expect, it } from 'vitest';
import './index.js';
import * as tf from '@tensorflow/tfjs-core';
import { tidyAsync } from './tidy-async.js';
import { SeededRng } from './rng.js';
import { memorySnapshot } from './leaks.js';
import type { BackendContext } from './testing.js';
import { analyticGrad, expectAllClose, finiteDifferenceGrad } from './testing.js';

/** Random float32 values in [-1, 1) from a seed. */
function randoms(n: number, seed: number): Float32Array {
  const rng = new SeededRng(seed);
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
}

function refMatMul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (a[i * k + p] as number) * (b[p * n + j] as number);
      out[i * n + j] = s;
    }
  return out;
}

function refErf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse for 1e-5; use a series/continued fraction in float64.
  const t = Math.abs(x);
  if (t < 2.5) {
    let sum = t;
    let term = t;
    for (let n = 1; n < 60; n++) {
      term *= (-t * t) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let cf = 0;
  for (let n = 60; n >= 1; n--) cf = n / 2 / (t + cf);
  return Math.sign(x) * (1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + cf));
}

/**
 * The tensor-level checks every backend must pass: the ops spectromix relies on (matmul in every transpose
 * mode and batched, strided conv2d, moments for LayerNorm, erf for GELU, gather/slice/concat for rolls,
 * log-softmax), their gradients against finite differences, async reads, and memory not leaking.
 * Call inside {@link describeBackends}.
 */
export function runTensorConformance(ctx: BackendContext): void {
  const { tol } = ctx;

  it('matMul in all transpose modes and batched', async () => {
    const [m, k, n] = [5, 7, 3];
    const a = randoms(m * k, 1);
    const b = randoms(k * n, 2);
    const ref = refMatMul(a, b, m, k, n);
    const at = tf.transpose(tf.tensor2d(a, [m, k]));
    const bt = tf.transpose(tf.tensor2d(b, [k, n]));
    const plain = tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n]));
    const tA = tf.matMul(at, tf.tensor2d(b, [k, n]), true, false);
    const tB = tf.matMul(tf.tensor2d(a, [m, k]), bt, false, true);
    const batched = tf.matMul(tf.stack([tf.tensor2d(a, [m, k]), tf.tensor2d(a, [m, k])]), tf.stack([tf.tensor2d(b, [k, n]), tf.tensor2d(b, [k, n])]));
    expectAllClose(await plain.data(), ref, tol, 'matMul');
    expectAllClose(await tA.data(), ref, tol, 'matMul transposeA');
    expectAllClose(await tB.data(), ref, tol, 'matMul transposeB');
    expectAllClose(await batched.data(), [...ref, ...ref], tol, 'batched matMul');
    tf.dispose([at, bt, plain, tA, tB, batched]);
  });

  it('conv2d with stride 10 and 16x16 kernels (patch embedding)', async () => {
    const [h, w, k, s, cout] = [36, 26, 16, 10, 2];
    const x = randoms(h * w, 3);
    const f = randoms(k * k * cout, 4);
    const y = tf.conv2d(tf.tensor4d(x, [1, h, w, 1]), tf.tensor4d(f, [k, k, 1, cout]), s, 'valid');
    const ho = Math.floor((h - k) / s) + 1;
    const wo = Math.floor((w - k) / s) + 1;
    expect(y.shape).toEqual([1, ho, wo, cout]);
    const ref = new Float64Array(ho * wo * cout);
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let c = 0; c < cout; c++) {
          let acc = 0;
          for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) acc += (x[(i * s + p) * w + j * s + q] as number) * (f[(p * k + q) * cout + c] as number);
          ref[(i * wo + j) * cout + c] = acc;
        }
    expectAllClose(await y.data(), ref, { rtol: tol.rtol * 10, atol: tol.atol * 10 }, 'conv2d');
    y.dispose();
  });

  it('moments (LayerNorm statistics), erf (exact GELU) and log-softmax', async () => {
    const x = randoms(4 * 6, 5).map((v) => v * 3);
    const { mean, variance } = tf.moments(tf.tensor2d(x, [4, 6]), -1);
    const refMean: number[] = [];
    const refVar: number[] = [];
    for (let r = 0; r < 4; r++) {
      const row = Array.from(x.subarray(r * 6, r * 6 + 6));
      const mu = row.reduce((s, v) => s + v, 0) / 6;
      refMean.push(mu);
      refVar.push(row.reduce((s, v) => s + (v - mu) ** 2, 0) / 6);
    }
    expectAllClose(await mean.data(), refMean, tol, 'mean');
    expectAllClose(await variance.data(), refVar, { rtol: tol.rtol * 10, atol: tol.atol * 10 }, 'variance');
    const erf = tf.erf(tf.tensor1d(x));
    // tfjs's erf is a rational approximation accurate to about 1e-7 absolute.
    expectAllClose(await erf.data(), Array.from(x, refErf), { rtol: 0, atol: 2e-6 }, 'erf');
    const ls = tf.logSoftmax(tf.tensor2d(x, [4, 6]));
    const refLs: number[] = [];
    for (let r = 0; r < 4; r++) {
      const row = Array.from(x.subarray(r * 6, r * 6 + 6));
      const mx = Math.max(...row);
      const lse = mx + Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0));
      for (const v of row) refLs.push(v - lse);
    }
    expectAllClose(await ls.data(), refLs, { rtol: tol.rtol * 10, atol: tol.atol * 10 }, 'logSoftmax');
    tf.dispose([mean, variance, erf, ls]);
  });

  it('gather, slice and concat compose a circular roll', async () => {
    const x = tf.tensor2d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [3, 4]);
    const rolled = tf.concat([tf.slice(x, [0, 3], [3, 1]), tf.slice(x, [0, 0], [3, 3])], 1);
    const gathered = tf.gather(x, tf.tensor1d([3, 0, 1, 2], 'int32'), 1);
    const expected = [3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10];
    expect(Array.from(await rolled.data())).toEqual(expected);
    expect(Array.from(await gathered.data())).toEqual(expected);
    tf.dispose([x, rolled, gathered]);
  });

  it('gradients of matMul, GELU and LayerNorm match finite differences', async () => {
    const w = tf.tensor2d(randoms(12, 7), [4, 3]);
    const x0 = randoms(8, 8);
    const f = (x: tf.Tensor): tf.Tensor => {
      const h = tf.matMul(tf.reshape(x, [2, 4]), w);
      const gelu = tf.mul(tf.mul(h, 0.5), tf.add(1, tf.erf(tf.div(h, Math.SQRT2))));
      const { mean, variance } = tf.moments(gelu, -1, true);
      const ln = tf.div(tf.sub(gelu, mean), tf.sqrt(tf.add(variance, 1e-6)));
      return tf.sum(tf.mul(ln, tf.tensor2d([1, -2, 0.5, 3, 0.25, -1], [2, 3])));
    };
    const analytic = await analyticGrad(f, x0, [8]);
    const numeric = await finiteDifferenceGrad(f, x0, [8], 1e-2);
    expectAllClose(analytic, numeric, { rtol: 3e-2, atol: 3e-3 }, 'gradient');
    w.dispose();
  });

  it('async reads return the values and free nothing early', async () => {
    const t = tf.range(0, 1000, 1, 'float32');
    const v = await t.data();
    expect(v.length).toBe(1000);
    expect(v[999]).toBe(999);
    const arr = await tf.reshape(t, [10, 100]).array();
    expect((arr as number[][])[9]?.[99]).toBe(999);
    t.dispose();
  });

  it('tidy and tidyAsync leave no tensors behind', async () => {
    const before = memorySnapshot();
    const kept = await tidyAsync(async () => {
      const a = tf.randomUniform([16, 16], -1, 1, 'float32', 1);
      const b = tf.matMul(a, a);
      await b.data();
      return tf.sum(b);
    });
    expect(memorySnapshot().numTensors).toBe(before.numTensors + 1);
    kept.dispose();
    const thrown = tidyAsync(async () => {
      tf.ones([3]);
      throw new Error('boom');
    });
    await expect(thrown).rejects.toThrow('boom');
    expect(memorySnapshot().numTensors).toBe(before.numTensors);
    expect(memorySnapshot().numBytes).toBe(before.numBytes);
  });
}
