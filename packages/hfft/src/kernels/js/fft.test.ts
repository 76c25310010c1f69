import { describe, expect, it } from 'vitest';
import { halfLength, hermitianWeight } from '../../norm.js';
import { rowTransform } from './real.js';
import { lcg } from '../../../test/fixtures.js';

/** Naive float64 DFT with exact angle reduction. */
function dft(re: ArrayLike<number>, im: ArrayLike<number>, sigma: number): [Float64Array, Float64Array] {
  const n = re.length;
  const or = new Float64Array(n), oi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0, si = 0;
    for (let j = 0; j < n; j++) {
      const a = (2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(a), s = sigma * Math.sin(a);
      sr += (re[j] as number) * c - (im[j] as number) * s;
      si += (re[j] as number) * s + (im[j] as number) * c;
    }
    or[k] = sr;
    oi[k] = si;
  }
  return [or, oi];
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

const LENGTHS = [...Array.from({ length: 70 }, (_, i) => i + 1), 97, 121, 125, 127, 128, 243, 256, 361, 509, 512, 625, 1000, 1009, 1024, 2018, 2 * 61 * 5];

describe('JavaScript row transforms on dsp\'s ComplexFft', () => {
  it('complex rows of every length match the naive DFT in both directions, scaled', () => {
    for (const n of LENGTHS) {
      const x = lcg(n, 2 * n);
      for (const sigma of [-1, 1] as const) {
        const outRe = new Float32Array(n), outIm = new Float32Array(n);
        rowTransform('c2c', sigma, n, 0.5)(x.subarray(0, n), x.subarray(n), 0, outRe, outIm, 0);
        const [er, ei] = dft(x.subarray(0, n), x.subarray(n), sigma);
        const tol = 1e-6 * Math.sqrt(n) * n;
        expect(maxDiff(outRe, er.map((v) => 0.5 * v)), `n=${n} sigma=${sigma} re`).toBeLessThan(tol);
        expect(maxDiff(outIm, ei.map((v) => 0.5 * v)), `n=${n} sigma=${sigma} im`).toBeLessThan(tol);
      }
    }
  });

  it('real-to-complex and complex-to-real rows (packed for even n) match the naive DFT', () => {
    for (const n of LENGTHS.filter((v) => v <= 1024)) {
      const h = halfLength(n);
      const x = lcg(3 * n + 1, n);
      for (const sigma of [-1, 1] as const) {
        const outRe = new Float32Array(h), outIm = new Float32Array(h);
        rowTransform('r2c', sigma, n, 0.5)(x, null, 0, outRe, outIm, 0);
        const [er, ei] = dft(x, new Float64Array(n), sigma);
        const scale = Math.sqrt(n);
        expect(maxDiff(outRe, er.subarray(0, h).map((v) => v * 0.5)), `r2c n=${n} re`).toBeLessThan(1e-6 * scale);
        expect(maxDiff(outIm, ei.subarray(0, h).map((v) => v * 0.5)), `r2c n=${n} im`).toBeLessThan(1e-6 * scale);
        // c2r against the Hermitian extension (imaginary parts of DC and Nyquist ignored).
        const bins = lcg(5 * n + 2, 2 * h);
        const fullRe = new Float64Array(n), fullIm = new Float64Array(n);
        for (let k = 0; k < h; k++) {
          const keepIm = hermitianWeight(k, n) === 2;
          fullRe[k] = bins[k] as number;
          fullIm[k] = keepIm ? (bins[h + k] as number) : 0;
          if (k > 0) {
            fullRe[n - k] = fullRe[k] as number;
            fullIm[n - k] = -(fullIm[k] as number);
          }
        }
        const y = new Float32Array(n);
        rowTransform('c2r', sigma, n, 2)(bins.subarray(0, h), bins.subarray(h), 0, y, null, 0);
        const [xr] = dft(fullRe, fullIm, sigma);
        expect(maxDiff(y, xr.map((v) => 2 * v)), `c2r n=${n}`).toBeLessThan(1e-6 * n);
      }
    }
  });
});
