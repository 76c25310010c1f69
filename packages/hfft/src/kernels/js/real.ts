import type { TransformFamily } from '../../kernel-names.js';
import { binWeight, halfLength } from '../../norm.js';
import { ComplexFft, unitCircle } from '@spectromix/dsp';

/**
 * Transforms one row: reads `inRe`/`inIm` (null: zero) at `inOffset`, writes `outRe`/`outIm` at `outOffset`,
 * multiplying by `scale`.
 */
export type RowTransform = (inRe: Float32Array, inIm: Float32Array | null, inOffset: number, outRe: Float32Array, outIm: Float32Array | null, outOffset: number) => void;

/**
 * The row transform of a family, direction and length (see `TRANSFORM_KINDS`), with O(n log n) work on
 * `@spectromix/dsp`'s `ComplexFft` (radix-4 for powers of two, mixed radix or Bluestein otherwise). Real
 * transforms of even length run a complex FFT of half the length on the samples packed as `x_{2j} + i x_{2j+1}`
 * and untangle the halves with one pass of twiddles; odd lengths run a full complex FFT.
 * @param adjoint the adjoint bin weighting of `HfftKernelAttrs.adjoint`.
 */
export function rowTransform(family: TransformFamily, sigma: 1 | -1, n: number, scale: number, adjoint = false): RowTransform {
  if (family === 'c2c') return complexRows(n, sigma, scale);
  const even = n % 2 === 0;
  const weights = Float64Array.from({ length: halfLength(n) }, (_, k) => scale * binWeight(family, adjoint, k, n));
  if (family === 'r2c') return even ? packedR2c(n, sigma, weights) : fullR2c(n, sigma, weights);
  // c2r scales the output; the weights divide the input bins.
  const inWeights = weights.map((w) => w / scale);
  return even ? packedC2r(n, sigma, scale, inWeights) : fullC2r(n, sigma, scale, inWeights);
}

function complexRows(n: number, sigma: 1 | -1, scale: number): RowTransform {
  const fft = new ComplexFft(n);
  const re = new Float64Array(n), im = new Float64Array(n);
  return (inRe, inIm, io, outRe, outIm, oo) => {
    for (let j = 0; j < n; j++) {
      re[j] = inRe[io + j] as number;
      im[j] = inIm == null ? 0 : (inIm[io + j] as number);
    }
    fft.transform(re, im, sigma);
    for (let k = 0; k < n; k++) {
      outRe[oo + k] = scale * (re[k] as number);
      (outIm as Float32Array)[oo + k] = scale * (im[k] as number);
    }
  };
}

/** `w^k = e^{sigma 2 pi i k / n}` for k <= n/2. */
function halfTwiddles(n: number, sigma: 1 | -1): [Float64Array, Float64Array] {
  const h = halfLength(n);
  const wr = new Float64Array(h), wi = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    const [c, s] = unitCircle(k, n);
    wr[k] = c;
    wi[k] = sigma * s;
  }
  return [wr, wi];
}

function packedR2c(n: number, sigma: 1 | -1, outWeights: Float64Array): RowTransform {
  const half = n / 2;
  const fft = new ComplexFft(half);
  const zr = new Float64Array(half), zi = new Float64Array(half);
  const [wr, wi] = halfTwiddles(n, sigma);
  return (inRe, _inIm, io, outRe, outIm, oo) => {
    for (let j = 0; j < half; j++) {
      zr[j] = inRe[io + 2 * j] as number;
      zi[j] = inRe[io + 2 * j + 1] as number;
    }
    fft.transform(zr, zi, sigma);
    const im = outIm as Float32Array;
    for (let k = 0; k <= half; k++) {
      const a = k === half ? 0 : k;
      const b = k === 0 ? 0 : half - k;
      const ar = zr[a] as number, ai = zi[a] as number;
      const br = zr[b] as number, bi = -(zi[b] as number);
      // E = (Z_k + conj Z_{N-k}) / 2, O = (Z_k - conj Z_{N-k}) / 2i, X_k = E + w^k O.
      const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
      const or = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
      const cr = wr[k] as number, ci = wi[k] as number, w = outWeights[k] as number;
      outRe[oo + k] = w * (er + or * cr - oi * ci);
      im[oo + k] = w * (ei + or * ci + oi * cr);
    }
  };
}

function fullR2c(n: number, sigma: 1 | -1, outWeights: Float64Array): RowTransform {
  const fft = new ComplexFft(n);
  const h = halfLength(n);
  const re = new Float64Array(n), im = new Float64Array(n);
  return (inRe, _inIm, io, outRe, outIm, oo) => {
    for (let j = 0; j < n; j++) re[j] = inRe[io + j] as number;
    im.fill(0);
    fft.transform(re, im, sigma);
    for (let k = 0; k < h; k++) {
      const w = outWeights[k] as number;
      outRe[oo + k] = w * (re[k] as number);
      (outIm as Float32Array)[oo + k] = w * (im[k] as number);
    }
  };
}

function packedC2r(n: number, sigma: 1 | -1, scale: number, inWeights: Float64Array): RowTransform {
  const half = n / 2;
  const fft = new ComplexFft(half);
  const zr = new Float64Array(half), zi = new Float64Array(half);
  const [wr, wi] = halfTwiddles(n, sigma);
  return (inRe, inIm, io, outRe, _outIm, oo) => {
    for (let k = 0; k < half; k++) {
      const j = half - k;
      // The imaginary parts of DC and Nyquist do not exist in a real signal's spectrum: ignore them.
      const wa = inWeights[k] as number, wb = inWeights[j] as number;
      const ar = wa * (inRe[io + k] as number), ai = inIm == null || k === 0 ? 0 : wa * (inIm[io + k] as number);
      const br = wb * (inRe[io + j] as number), bi = inIm == null || j === half ? 0 : -wb * (inIm[io + j] as number);
      // Z_k = (A + B) + i w^k (A - B) with A = X_k, B = conj X_{N-k}.
      const dr = ar - br, di = ai - bi;
      const cr = wr[k] as number, ci = wi[k] as number;
      const tr = dr * cr - di * ci, ti = dr * ci + di * cr;
      zr[k] = ar + br - ti;
      zi[k] = ai + bi + tr;
    }
    fft.transform(zr, zi, sigma);
    for (let j = 0; j < half; j++) {
      outRe[oo + 2 * j] = scale * (zr[j] as number);
      outRe[oo + 2 * j + 1] = scale * (zi[j] as number);
    }
  };
}

function fullC2r(n: number, sigma: 1 | -1, scale: number, inWeights: Float64Array): RowTransform {
  const fft = new ComplexFft(n);
  const h = halfLength(n);
  const re = new Float64Array(n), im = new Float64Array(n);
  return (inRe, inIm, io, outRe, _outIm, oo) => {
    re[0] = (inWeights[0] as number) * (inRe[io] as number);
    im[0] = 0;
    for (let k = 1; k < h; k++) {
      const w = inWeights[k] as number;
      const xr = w * (inRe[io + k] as number), xi = inIm == null ? 0 : w * (inIm[io + k] as number);
      re[k] = xr;
      im[k] = xi;
      re[n - k] = xr;
      im[n - k] = -xi;
    }
    fft.transform(re, im, sigma);
    for (let j = 0; j < n; j++) outRe[oo + j] = scale * (re[j] as number);
  };
}
