import { it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { fft, forceKernelPath, irfft, rfft, supportedKernelPaths } from '../index.js';
import { halfLength } from '../norm.js';
import { rowTransform } from '../kernels/js/real.js';
import { lcg } from '../../test/fixtures.js';

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] as number));
  return m;
}

// Lengths beyond one workgroup-memory WGSL program (complex 2560, real 6000) and a prime above 1024: the
// four-step split and Bluestein around each path's leaf FFT. The reference is the float64 JavaScript FFT.
describeBackends('long and prime lengths', (ctx) => {
  for (const path of supportedKernelPaths(ctx.backend).filter((p) => p !== 'matmul')) {
    it(`fft n=2560, rfft n=6000 and irfft n=1031 on the ${path} path`, async () => {
      forceKernelPath(path);
      try {
        const tol = (ref: ArrayLike<number>): { rtol: number; atol: number } => ({ rtol: ctx.tol.rtol, atol: ctx.tol.rtol * maxAbs(ref) });
        const rows = 1;
        {
          const n = 2560;
          const v = lcg(11, 2 * rows * n);
          const re = v.subarray(0, rows * n), im = v.subarray(rows * n);
          const eRe = new Float32Array(rows * n), eIm = new Float32Array(rows * n);
          const ref = rowTransform('c2c', -1, n, 1);
          for (let r = 0; r < rows; r++) {
            const [a, b] = [re.subarray(r * n, (r + 1) * n), im.subarray(r * n, (r + 1) * n)];
            ref(a, b, 0, eRe, eIm, r * n);
          }
          const out = fft(tf.tensor2d(re, [rows, n]), tf.tensor2d(im, [rows, n]));
          expectAllClose(await out.re.data(), eRe, tol(eRe), 'fft 2560 re');
          expectAllClose(await out.im.data(), eIm, tol(eIm), 'fft 2560 im');
          tf.dispose([out.re, out.im]);
        }
        {
          const n = 6000;
          const h = halfLength(n);
          const x = lcg(12, rows * n);
          const eRe = new Float32Array(rows * h), eIm = new Float32Array(rows * h);
          const ref = rowTransform('r2c', -1, n, 1 / Math.sqrt(n));
          for (let r = 0; r < rows; r++) ref(x, null, r * n, eRe, eIm, r * h);
          const out = rfft(tf.tensor2d(x, [rows, n]), { norm: 'ortho' });
          expectAllClose(await out.re.data(), eRe, tol(eRe), 'rfft 6000 re');
          expectAllClose(await out.im.data(), eIm, tol(eIm), 'rfft 6000 im');
          tf.dispose([out.re, out.im]);
        }
        {
          const n = 1031;
          const h = halfLength(n);
          const v = lcg(13, 2 * rows * h);
          const re = v.subarray(0, rows * h), im = v.subarray(rows * h);
          const expected = new Float32Array(rows * n);
          const ref = rowTransform('c2r', 1, n, 1 / n);
          for (let r = 0; r < rows; r++) ref(re, im, r * h, expected, null, r * n);
          const out = irfft(tf.tensor2d(re, [rows, h]), tf.tensor2d(im, [rows, h]), { n });
          expectAllClose(await out.data(), expected, tol(expected), 'irfft 1031');
          out.dispose();
        }
      } finally {
        forceKernelPath(null);
      }
    });
  }
});
