import { it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { analyticGrad, describeBackends, expectAllClose, finiteDifferenceGrad } from '@spectromix/tensor/testing';
import { FFT_NORMS, fft, forceKernelPath, hfft, ifft, ihfft, irfft, rfft, supportedKernelPaths, type FftOptions } from '../index.js';
import { lcg } from '../../test/fixtures.js';

type Transform = (x: tf.Tensor, options: FftOptions) => tf.Tensor[];

// Complex inputs are a [2, ...] stack so one tensor carries (re, im) and finiteDifferenceGrad covers both.
const split = (x: tf.Tensor): [tf.Tensor, tf.Tensor] => tf.unstack(x) as [tf.Tensor, tf.Tensor];
const TRANSFORMS: Record<string, { fn: Transform; complexInput: boolean }> = {
  rfft: { fn: (x, o) => { const r = rfft(x, o); return [r.re, r.im]; }, complexInput: false },
  ihfft: { fn: (x, o) => { const r = ihfft(x, o); return [r.re, r.im]; }, complexInput: false },
  irfft: { fn: (x, o) => [irfft(...split(x), o)], complexInput: true },
  hfft: { fn: (x, o) => [hfft(...split(x), o)], complexInput: true },
  fft: { fn: (x, o) => { const r = fft(...split(x), o); return [r.re, r.im]; }, complexInput: true },
  ifft: { fn: (x, o) => { const r = ifft(...split(x), o); return [r.re, r.im]; }, complexInput: true },
};

// Cases: [signal length along axis 0 of a [len, 2] input, options]; crops, pads, odd and even n.
const CASES: Array<[number, FftOptions]> = [
  [5, { axis: 0 }],
  [4, { axis: 0, n: 6 }],
  [6, { axis: -2, n: 3 }],
];

describeBackends('gradients against central finite differences', (ctx) => {
  for (const path of supportedKernelPaths(ctx.backend)) {
    for (const [name, { fn, complexInput }] of Object.entries(TRANSFORMS)) {
      it(`${name} on the ${path} path`, async () => {
        forceKernelPath(path);
        try {
          for (const [i, [len, base]] of CASES.entries()) {
            const options = { ...base, norm: FFT_NORMS[i % 3] };
            const shape = complexInput ? [2, len, 2] : [len, 2];
            const size = shape.reduce((p, d) => p * d, 1);
            const x0 = lcg(97 + i, size);
            // A nonlinear loss so the check is not only about linearity: sum(w * y + 0.5 * y^2).
            const loss = (x: tf.Tensor): tf.Tensor => {
              const outs = fn(complexInput ? x : x, options);
              return tf.addN(outs.map((y, k) => {
                const w = tf.tensor(lcg(7 + k, y.size), y.shape);
                return tf.sum(tf.add(tf.mul(w, y), tf.mul(0.5, tf.square(y))));
              }));
            };
            const analytic = await analyticGrad(loss, x0, shape);
            const numeric = await finiteDifferenceGrad(loss, x0, shape, 1e-2);
            expectAllClose(analytic, numeric, { rtol: 2e-2, atol: 2e-3 }, `${name} case ${i} (${JSON.stringify(options)})`);
          }
        } finally {
          forceKernelPath(null);
        }
      });
    }
  }
});

describeBackends('second-order gradients (gradient of a gradient)', (ctx) => {
  // For a linear transform L and f(x) = 0.5 |L x|^2: grad f(x) = L^T L x, and the gradient of
  // <grad f(x), v> with respect to x is L^T L v = grad f(v). Every gradient kernel is then differentiated too.
  for (const [name, { fn, complexInput }] of Object.entries(TRANSFORMS)) {
    it(`${name} on the default ${ctx.backend} path`, async () => {
      const shape = complexInput ? [2, 6, 2] : [6, 2];
      const size = shape.reduce((p, d) => p * d, 1);
      const options: FftOptions = { axis: -2, n: name === 'irfft' || name === 'hfft' ? 9 : 7, norm: 'ortho' };
      const f = (x: tf.Tensor): tf.Tensor => tf.mul(0.5, tf.addN(fn(x, options).map((y) => tf.sum(tf.square(y)))));
      const v = tf.tensor(lcg(5, size), shape);
      const x = tf.tensor(lcg(6, size), shape);
      const second = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(z), v)))(x);
      const direct = tf.grad(f)(v);
      expectAllClose(await second.data(), await direct.data(), { rtol: 1e-4, atol: 1e-5 }, `${name} second order`);
      tf.dispose([v, x, second, direct]);
    });
  }
});
