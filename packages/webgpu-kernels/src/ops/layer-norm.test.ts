import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { fastKernelStats, resetFastKernelStats } from '../stats.js';
import { layerNorm64, uniform } from '../reference/float64.js';
import { layerNormComposite } from '../reference/composites.js';
import { outputFiniteDifferences, read } from '../testing/helpers.js';
import { KernelShapeError } from '../errors.js';
import { layerNorm, layerNormWithSkip } from './layer-norm.js';

const EPS = 1e-6;
const TOL = { rtol: 1e-4, atol: 1e-5 };

describeBackends('layerNorm', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
    resetFastKernelStats();
  });

  // [3, 5, 12]: vec4 rows; [70, 6]: scalar rows, and more rows than one column-sum chunk (64).
  for (const shape of [
    [3, 5, 12],
    [70, 6],
  ]) {
    const d = shape[shape.length - 1] as number;
    const n = shape.reduce((a, b) => a * b, 1);
    const x = uniform(n, 1, -2, 3);
    const gamma = uniform(d, 2, 0.5, 1.5);
    const beta = uniform(d, 3);
    const w = uniform(n, 4);
    const ref = layerNorm64(x, gamma, beta, w, d, EPS);

    it(`forward ${JSON.stringify(shape)} matches float64 and the tfjs composition`, async () => {
      const y = layerNorm(tf.tensor(x, shape), tf.tensor(gamma), tf.tensor(beta), EPS);
      expect(y.shape).toEqual(shape);
      const got = await read(y);
      expectAllClose(got, ref.y, TOL, 'layerNorm');
      const composite = await read(layerNormComposite(tf.tensor(x, shape), tf.tensor(gamma), tf.tensor(beta), EPS));
      expectAllClose(got, composite, TOL, 'layerNorm vs composite');
    });

    it(`gradients ${JSON.stringify(shape)} match float64`, async () => {
      const [dx, dg, db] = tf.grads((xx: Tensor, g: Tensor, b: Tensor) => layerNorm(xx, g, b, EPS))([tf.tensor(x, shape), tf.tensor(gamma), tf.tensor(beta)], tf.tensor(w, shape));
      expectAllClose(await read(dx as Tensor), ref.dx, TOL, 'dx');
      expectAllClose(await read(dg as Tensor), ref.dgamma, TOL, 'dgamma');
      expectAllClose(await read(db as Tensor), ref.dbeta, TOL, 'dbeta');
    });
  }

  it('layerNormWithSkip: the skip output is x, and dx adds the skip gradient to the norm backward', async () => {
    const shape = [3, 5, 12];
    const n = 180;
    const x = uniform(n, 11, -2, 3);
    const gamma = uniform(12, 12, 0.5, 1.5);
    const beta = uniform(12, 13);
    const w = uniform(n, 14);
    const ws = uniform(n, 15);
    const ref = layerNorm64(x, gamma, beta, w, 12, EPS);
    // loss = sum(norm * w) + sum(skip^2 * ws / 2): dx = norm backward + skip * ws.
    const loss = (xx: Tensor, g: Tensor, b: Tensor) => {
      const [y, skip] = layerNormWithSkip(xx, g, b, EPS);
      return tf.add(tf.sum(tf.mul(y, tf.tensor(w, shape))), tf.sum(tf.mul(tf.mul(skip, skip), tf.div(tf.tensor(ws, shape), 2))));
    };
    const [y, skip] = layerNormWithSkip(tf.tensor(x, shape), tf.tensor(gamma), tf.tensor(beta), EPS);
    expectAllClose(await read(y), ref.y, TOL, 'norm output');
    expect(Array.from(await read(skip))).toEqual(Array.from(Float32Array.from(x)));
    const [dx, dg, db] = tf.grads(loss)([tf.tensor(x, shape), tf.tensor(gamma), tf.tensor(beta)]);
    const want = ref.dx.map((v, i) => v + (x[i] as number) * (ws[i] as number));
    expectAllClose(await read(dx as Tensor), want, TOL, 'dx with skip');
    expectAllClose(await read(dg as Tensor), ref.dgamma, TOL, 'dgamma');
    expectAllClose(await read(db as Tensor), ref.dbeta, TOL, 'dbeta');
  });

  it('layerNormWithSkip: gradients when only the norm output is used', async () => {
    const shape = [4, 8];
    const x = uniform(32, 16, -1, 1);
    const gamma = uniform(8, 17, 0.5, 1.5);
    const beta = uniform(8, 18);
    const w = uniform(32, 19);
    const ref = layerNorm64(x, gamma, beta, w, 8, EPS);
    const [dx] = tf.grads((xx: Tensor) => layerNormWithSkip(xx, tf.tensor(gamma), tf.tensor(beta), EPS)[0])([tf.tensor(x, shape)], tf.tensor(w, shape));
    expectAllClose(await read(dx as Tensor), ref.dx, TOL, 'dx without skip gradient');
  });

  it('gradient with respect to x matches central differences of the forward', async () => {
    const shape = [2, 8];
    const x = uniform(16, 5, -1, 1);
    const gamma = uniform(8, 6, 0.5, 1.5);
    const beta = uniform(8, 7);
    const w = uniform(16, 8);
    const g = tf.tensor(gamma);
    const b = tf.tensor(beta);
    const analytic = await read(tf.grad((xx: Tensor) => layerNorm(xx, g, b, EPS))(tf.tensor(x, shape), tf.tensor(w, shape)));
    const numeric = await outputFiniteDifferences((xx) => layerNorm(xx, g, b, EPS), x, shape, w, 1e-2);
    expectAllClose(analytic, numeric, { rtol: 1e-4, atol: 1e-5 }, 'dx vs finite differences');
  });

  it('rejects parameters of the wrong length with a typed error', () => {
    expect(() => layerNorm(tf.zeros([2, 4]), tf.ones([3]), tf.zeros([4]))).toThrow(KernelShapeError);
  });

  if (ctx.backend === 'webgpu') {
    it('ran the fused kernels', () => {
      const fast = fastKernelStats().fast;
      expect(fast['spectromix.LayerNorm']).toBeGreaterThan(0);
      expect(fast['spectromix.LayerNormGrad']).toBeGreaterThan(0);
      expect(fast['spectromix.LayerNormGammaGrad']).toBeGreaterThan(0);
      expect(fast['spectromix.ColumnSum']).toBeGreaterThan(0);
      expect(fast['spectromix.LayerNormSkip']).toBeGreaterThan(0);
    });
  }
});
