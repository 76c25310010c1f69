import { describe, expect, it } from 'vitest';
import { radices, nextSmooth } from './fft-factor.js';
import { ComplexScratch, complexPlan, executeInPlace } from './fft-plan.js';
import { ComplexFft } from './fft.js';

/** Uniform values in [-1, 1) from a linear congruential generator. */
function lcg(seed: number, count: number): Float64Array {
  let state = seed >>> 0;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    state = (state * 1664525 + 1013904223) % 4294967296;
    out[i] = (Math.floor(state / 256) / 16777216) * 2 - 1;
  }
  return out;
}

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

describe('mixed-radix and Bluestein FFT plans', () => {
  it('factors lengths into radices 4, 2, 3, 5 and generic primes up to 61, and finds smooth sizes', () => {
    expect(radices(1024)).toEqual([4, 4, 4, 4, 4]);
    expect(radices(2048)).toEqual([4, 4, 4, 4, 4, 2]);
    expect(radices(12)).toEqual([4, 3]);
    expect(radices(50)).toEqual([2, 5, 5]);
    expect(radices(97)).toBeNull();
    expect(radices(61 * 3)).toEqual([3, 61]);
    expect(nextSmooth(193)).toBe(200);
    expect(nextSmooth(1)).toBe(1);
  });

  it('complex FFTs of every length match the naive DFT in both directions', () => {
    for (const n of LENGTHS) {
      const x = lcg(n, 2 * n);
      const re0 = Float64Array.from(x.subarray(0, n)), im0 = Float64Array.from(x.subarray(n));
      for (const sigma of [-1, 1] as const) {
        const re = Float64Array.from(re0), im = Float64Array.from(im0);
        executeInPlace(complexPlan(n, sigma), re, im, new ComplexScratch(n));
        const [er, ei] = dft(re0, im0, sigma);
        const tol = 1e-12 * n;
        expect(maxDiff(re, er), `n=${n} sigma=${sigma} re`).toBeLessThan(tol);
        expect(maxDiff(im, ei), `n=${n} sigma=${sigma} im`).toBeLessThan(tol);
      }
    }
  });

  it('ComplexFft.transform (radix-4 for powers of two, the plan otherwise) matches the naive DFT in both directions', () => {
    for (const n of LENGTHS) {
      const x = lcg(n + 7, 2 * n);
      const re0 = x.subarray(0, n), im0 = x.subarray(n);
      const fft = new ComplexFft(n);
      for (const sigma of [-1, 1] as const) {
        const re = Float64Array.from(re0), im = Float64Array.from(im0);
        fft.transform(re, im, sigma);
        const [er, ei] = dft(re0, im0, sigma);
        expect(maxDiff(re, er), `n=${n} sigma=${sigma} re`).toBeLessThan(1e-12 * n);
        expect(maxDiff(im, ei), `n=${n} sigma=${sigma} im`).toBeLessThan(1e-12 * n);
      }
    }
  });
});
