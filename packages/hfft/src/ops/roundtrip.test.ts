import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { FFT_NORMS, fft, forceKernelPath, hfft, ifft, ihfft, irfft, rfft, supportedKernelPaths } from '../index.js';
import { lcg } from '../../test/fixtures.js';

/** DCT-I in float64: `y_k = x_0 + (-1)^k x_{N-1} + 2 sum_{j=1}^{N-2} x_j cos(pi jk/(N-1))`. */
function dct1(x: Float32Array): Float64Array {
  const n = x.length;
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = (x[0] as number) + (k % 2 === 0 ? 1 : -1) * (x[n - 1] as number);
    for (let j = 1; j < n - 1; j++) s += 2 * (x[j] as number) * Math.cos((Math.PI * j * k) / (n - 1));
    y[k] = s;
  }
  return y;
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number));
  return m;
}

describeBackends('round trips and the DCT-I identity', (ctx) => {
  const tolFor = (ref: ArrayLike<number>): { rtol: number; atol: number } => ({ rtol: ctx.tol.rtol, atol: ctx.tol.rtol * maxAbs(ref) + ctx.tol.atol });
  for (const path of supportedKernelPaths(ctx.backend)) {
    it(`irfft(rfft(x)) = x, ifft(fft(z)) = z and hfft(ihfft(x)) = x on the ${path} path`, async () => {
      forceKernelPath(path);
      try {
        for (const n of [1, 2, 7, 12, 97, 128]) {
          for (const norm of FFT_NORMS) {
            const xs = lcg(n * 31 + norm.length, 3 * n);
            const x = tf.tensor2d(xs, [3, n]);
            const { re, im } = rfft(x, { norm });
            expectAllClose(await irfft(re, im, { n, norm }).data(), xs, tolFor(xs), `irfft(rfft) n=${n} ${norm}`);
            const h = ihfft(x, { norm });
            expectAllClose(await hfft(h.re, h.im, { n, norm }).data(), xs, tolFor(xs), `hfft(ihfft) n=${n} ${norm}`);
            const zi = tf.reverse(x, 1);
            const f = fft(x, zi, { norm });
            const back = ifft(f.re, f.im, { norm });
            expectAllClose(await back.re.data(), xs, tolFor(xs), `ifft(fft).re n=${n} ${norm}`);
            expectAllClose(await back.im.data(), await zi.data(), tolFor(xs), `ifft(fft).im n=${n} ${norm}`);
            tf.dispose([x, re, im, h.re, h.im, zi, f.re, f.im, back.re, back.im]);
          }
        }
      } finally {
        forceKernelPath(null);
      }
    });

    it(`hfft(x, n=2(N-1), ortho)[:N] is DCT-I(x)/sqrt(2(N-1)) along the time axis on the ${path} path`, async () => {
      forceKernelPath(path);
      try {
        // ASM-RH's layout [B, F', T', D], transformed along T' (axis 2).
        for (const tPrime of [2, 5, 13, 33, 65]) {
          const [b, f, d] = [1, 2, 3];
          const xs = lcg(tPrime, b * f * tPrime * d);
          const x = tf.tensor4d(xs, [b, f, tPrime, d]);
          const m = 2 * (tPrime - 1);
          const u = hfft(x, null, { n: m, axis: 2, norm: 'ortho' });
          expect(u.shape).toEqual([b, f, m, d]);
          const kept = await tf.slice(u, [0, 0, 0, 0], [b, f, tPrime, d]).data();
          const expected = new Float64Array(kept.length);
          for (let row = 0; row < f; row++)
            for (let ch = 0; ch < d; ch++) {
              const line = Float32Array.from({ length: tPrime }, (_, t) => xs[(row * tPrime + t) * d + ch] as number);
              dct1(line).forEach((v, t) => (expected[(row * tPrime + t) * d + ch] = v / Math.sqrt(m)));
            }
          expectAllClose(kept, expected, tolFor(expected), `DCT-I T'=${tPrime}`);
          // With a unit filter the Hermit mixing returns its input exactly: irfft(U, n=M, ortho)[:T'] = x.
          const y = irfft(tf.slice(u, [0, 0, 0, 0], [b, f, tPrime, d]), null, { n: m, axis: 2, norm: 'ortho' });
          expectAllClose(await tf.slice(y, [0, 0, 0, 0], [b, f, tPrime, d]).data(), xs, tolFor(xs), `Hermit identity T'=${tPrime}`);
          tf.dispose([x, u, y]);
        }
      } finally {
        forceKernelPath(null);
      }
    });
  }
});

describeBackends('empty batches', (ctx) => {
  for (const path of supportedKernelPaths(ctx.backend)) {
    it(`transform zero signals to zero signals on the ${path} path`, async () => {
      forceKernelPath(path);
      try {
        const x = tf.zeros([0, 8]);
        const { re, im } = rfft(x);
        expect(re.shape).toEqual([0, 5]);
        expect(irfft(re, im).shape).toEqual([0, 8]);
        expect(fft(x, null, { n: 6 }).im.shape).toEqual([0, 6]);
        // An explicit upstream gradient: tfjs's own webgpu sum cannot reduce an empty tensor.
        const g = tf.grad((v: tf.Tensor) => hfft(v, null, { n: 12 }))(tf.zeros([0, 7]), tf.zeros([0, 12]));
        expect(g.shape).toEqual([0, 7]);
        expect((await g.data()).length).toBe(0);
      } finally {
        forceKernelPath(null);
      }
    });
  }
});
