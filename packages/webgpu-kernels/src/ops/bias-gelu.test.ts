import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { fastKernelStats, resetFastKernelStats } from '../stats.js';
import { gelu64, geluGrad64, uniform } from '../reference/float64.js';
import { biasGeluComposite } from '../reference/composites.js';
import { outputFiniteDifferences, read } from '../testing/helpers.js';
import { KernelShapeError } from '../errors.js';
import { biasGelu, gelu } from './bias-gelu.js';

// Absolute floor: tfjs's own erf (used by the composition on cpu and wasm) is accurate to 1.5e-7 absolute.
const TOL = { rtol: 1e-4, atol: 1e-6 };

describeBackends('biasGelu', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
    resetFastKernelStats();
  });

  // [70, 8]: vec4 with bias, rows past one column-sum chunk; [3, 7]: scalar path.
  for (const [rows, cols, withBias] of [
    [70, 8, true],
    [3, 7, false],
  ] as const) {
    const x = uniform(rows * cols, 11, -6, 6);
    const bias = uniform(cols, 12);
    const dy = uniform(rows * cols, 13);
    const z = Array.from(x, (v, i) => v + (withBias ? (bias[i % cols] as number) : 0));

    it(`forward [${rows}, ${cols}]${withBias ? ' with bias' : ''} matches float64 and the composition`, async () => {
      const xt = tf.tensor(x, [rows, cols]);
      const got = await read(withBias ? biasGelu(xt, tf.tensor(bias)) : gelu(xt));
      expectAllClose(got, z.map(gelu64), TOL, 'gelu');
      const composite = await read(biasGeluComposite(tf.tensor(x, [rows, cols]), withBias ? tf.tensor(bias) : undefined));
      expectAllClose(got, composite, { rtol: 1e-4, atol: 2e-6 }, 'gelu vs composite');
    });

    it(`gradients [${rows}, ${cols}]${withBias ? ' with bias' : ''} match float64`, async () => {
      const dz = z.map((v, i) => (dy[i] as number) * geluGrad64(v));
      if (withBias) {
        const [dx, db] = tf.grads((xx: Tensor, b: Tensor) => biasGelu(xx, b))([tf.tensor(x, [rows, cols]), tf.tensor(bias)], tf.tensor(dy, [rows, cols]));
        expectAllClose(await read(dx as Tensor), dz, TOL, 'dx');
        const dbias = new Float64Array(cols);
        dz.forEach((v, i) => (dbias[i % cols] = (dbias[i % cols] as number) + v));
        expectAllClose(await read(db as Tensor), dbias, TOL, 'dbias');
      } else {
        const dx = tf.grad((xx: Tensor) => gelu(xx))(tf.tensor(x, [rows, cols]), tf.tensor(dy, [rows, cols]));
        expectAllClose(await read(dx), dz, TOL, 'dx');
      }
    });
  }

  it('gradient matches central differences of the forward', async () => {
    const x = uniform(12, 14, -3, 3);
    const w = uniform(12, 15);
    const b = tf.tensor(uniform(4, 16));
    const analytic = await read(tf.grad((xx: Tensor) => biasGelu(xx, b))(tf.tensor(x, [3, 4]), tf.tensor(w, [3, 4])));
    const numeric = await outputFiniteDifferences((xx) => biasGelu(xx, b), x, [3, 4], w, 1e-2);
    expectAllClose(analytic, numeric, { rtol: 1e-4, atol: 1e-5 }, 'dx vs finite differences');
  });

  it('rejects a bias of the wrong length', () => {
    expect(() => biasGelu(tf.zeros([2, 4]), tf.zeros([3]))).toThrow(KernelShapeError);
  });

  if (ctx.backend === 'webgpu') {
    it('ran the fused kernels', () => {
      const fast = fastKernelStats().fast;
      for (const k of ['spectromix.BiasGelu', 'spectromix.Gelu', 'spectromix.BiasGeluGrad', 'spectromix.BiasGeluBiasGrad']) expect(fast[k], k).toBeGreaterThan(0);
    });
  }
});
