import { describe, expect, it } from 'vitest';
import { ComplexFft, RealFft } from './fft.js';

function naiveDft(re: number[], im: number[]): { re: number[]; im: number[] } {
  const n = re.length;
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n;
      sr += re[t]! * Math.cos(a) - im[t]! * Math.sin(a);
      si += re[t]! * Math.sin(a) + im[t]! * Math.cos(a);
    }
    outRe.push(sr);
    outIm.push(si);
  }
  return { re: outRe, im: outIm };
}

const SIZES = [1, 2, 3, 4, 5, 7, 8, 12, 16, 32, 64, 97, 100, 128, 400, 512];

describe('ComplexFft', () => {
  for (const n of SIZES) {
    it(`matches the naive DFT and inverts, n = ${n}`, () => {
      const re = Array.from({ length: n }, (_, i) => Math.sin(1.7 * i) + 0.3);
      const im = Array.from({ length: n }, (_, i) => Math.cos(0.3 * i * i));
      const expected = naiveDft(re, im);
      const fft = new ComplexFft(n);
      const xr = Float64Array.from(re);
      const xi = Float64Array.from(im);
      fft.forward(xr, xi);
      for (let k = 0; k < n; k++) {
        expect(Math.abs(xr[k]! - expected.re[k]!)).toBeLessThan(1e-9 * n);
        expect(Math.abs(xi[k]! - expected.im[k]!)).toBeLessThan(1e-9 * n);
      }
      fft.inverse(xr, xi);
      for (let i = 0; i < n; i++) {
        expect(xr[i]).toBeCloseTo(re[i]!, 10);
        expect(xi[i]).toBeCloseTo(im[i]!, 10);
      }
    });
  }
  it('rejects a size of 0', () => {
    expect(() => new ComplexFft(0)).toThrow(/size is 0/);
  });
});

describe('RealFft', () => {
  for (const n of SIZES) {
    it(`one-sided spectrum and power of a real signal, n = ${n}`, () => {
      const x = Array.from({ length: n }, (_, i) => Math.sin(0.9 * i) * Math.exp(-i / 50) + (i % 3) * 0.1);
      const expected = naiveDft(x, new Array<number>(n).fill(0));
      const fft = new RealFft(n);
      expect(fft.numBins).toBe(Math.floor(n / 2) + 1);
      const re = new Float64Array(fft.numBins);
      const im = new Float64Array(fft.numBins);
      const power = new Float64Array(fft.numBins);
      fft.forward(x, re, im);
      fft.power(Float64Array.from(x), power);
      for (let k = 0; k < fft.numBins; k++) {
        expect(Math.abs(re[k]! - expected.re[k]!)).toBeLessThan(1e-9 * n);
        expect(Math.abs(im[k]! - expected.im[k]!)).toBeLessThan(1e-9 * n);
        const p = expected.re[k]! ** 2 + expected.im[k]! ** 2;
        expect(Math.abs(power[k]! - p)).toBeLessThan(1e-9 * n * (1 + p));
      }
    });
  }
  it('zero-pads a shorter input', () => {
    const fft = new RealFft(16);
    const short = new Float64Array(16);
    const padded = new Float64Array(16);
    fft.power([1, 2, 3, 4, 5], short);
    fft.power([1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], padded);
    expect(short).toEqual(padded);
  });
});
