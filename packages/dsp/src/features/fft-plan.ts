import { unitCircle } from './unit-circle.js';
import { nextSmooth, radices } from './fft-factor.js';
import { runStage, type Stage } from './fft-stages.js';

/** Bluestein's chirp-z set-up for a length whose prime factors are too large for direct radices. */
export interface BluesteinPlan {
  /** Convolution length (2,3,5-smooth, >= 2n - 1). */
  readonly size: number;
  /** Chirp `e^{sigma pi i j^2 / n}`, j < n. */
  readonly chirpRe: Float64Array;
  readonly chirpIm: Float64Array;
  /** FFT of the conjugate chirp wrapped to `size`, divided by `size`. */
  readonly kernelRe: Float64Array;
  readonly kernelIm: Float64Array;
  /** Forward (sigma = -1) and inverse plans of length `size`. */
  readonly forward: ComplexPlan;
  readonly inverse: ComplexPlan;
}

/** A complex FFT of length `n` and direction `sigma` (`X_k = sum_j x_j e^{sigma 2 pi i jk/n}`, unscaled). */
export interface ComplexPlan {
  readonly n: number;
  readonly sigma: 1 | -1;
  readonly stages: readonly Stage[];
  readonly bluestein: BluesteinPlan | null;
}

const plans = new Map<string, ComplexPlan>();

/** The (cached) plan of a length-`n` complex FFT in direction `sigma`. */
export function complexPlan(n: number, sigma: 1 | -1): ComplexPlan {
  const key = `${n}/${sigma}`;
  let plan = plans.get(key);
  if (plan == null) {
    plan = makePlan(n, sigma);
    plans.set(key, plan);
  }
  return plan;
}

function makePlan(n: number, sigma: 1 | -1): ComplexPlan {
  const factors = radices(n);
  if (factors == null) return { n, sigma, stages: [], bluestein: makeBluestein(n, sigma) };
  const stages: Stage[] = [];
  let s = 1;
  for (const r of factors) {
    const m = n / (s * r);
    const twRe = new Float64Array(m * (r - 1));
    const twIm = new Float64Array(m * (r - 1));
    for (let p = 0; p < m; p++) {
      for (let j = 1; j < r; j++) {
        // W_{rm}^{jp} = e^{sigma 2 pi i jp s / n}
        const [c, sn] = unitCircle(j * p * s, n);
        twRe[p * (r - 1) + j - 1] = c;
        twIm[p * (r - 1) + j - 1] = sigma * sn;
      }
    }
    const rootRe = new Float64Array(r);
    const rootIm = new Float64Array(r);
    for (let t = 0; t < r; t++) {
      const [c, sn] = unitCircle(t, r);
      rootRe[t] = c;
      rootIm[t] = sigma * sn;
    }
    stages.push({ r, m, s, twRe, twIm, rootRe, rootIm });
    s *= r;
  }
  return { n, sigma, stages, bluestein: null };
}

function makeBluestein(n: number, sigma: 1 | -1): BluesteinPlan {
  const size = nextSmooth(2 * n - 1);
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // e^{sigma pi i j^2 / n} = e^{sigma 2 pi i (j^2 mod 2n) / 2n}
    const [c, sn] = unitCircle((j * j) % (2 * n), 2 * n);
    chirpRe[j] = c;
    chirpIm[j] = sigma * sn;
  }
  const kernelRe = new Float64Array(size);
  const kernelIm = new Float64Array(size);
  for (let j = 0; j < n; j++) {
    kernelRe[j] = chirpRe[j] as number;
    kernelIm[j] = -(chirpIm[j] as number);
    if (j > 0) {
      kernelRe[size - j] = chirpRe[j] as number;
      kernelIm[size - j] = -(chirpIm[j] as number);
    }
  }
  const forward = complexPlan(size, -1);
  const inverse = complexPlan(size, 1);
  const scratch = new ComplexScratch(size);
  executeInPlace(forward, kernelRe, kernelIm, scratch);
  for (let k = 0; k < size; k++) {
    kernelRe[k] = (kernelRe[k] as number) / size;
    kernelIm[k] = (kernelIm[k] as number) / size;
  }
  return { size, chirpRe, chirpIm, kernelRe, kernelIm, forward, inverse };
}

/** Work buffers for one row; reuse across rows of a batch. */
export class ComplexScratch {
  readonly re: Float64Array;
  readonly im: Float64Array;
  private nested: ComplexScratch | null = null;
  private bre: Float64Array | null = null;
  private bim: Float64Array | null = null;

  constructor(readonly size: number) {
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
  }

  /** Buffers for Bluestein's padded convolution. */
  bluestein(size: number): { re: Float64Array; im: Float64Array; scratch: ComplexScratch } {
    if (this.nested == null || this.nested.size !== size) {
      this.nested = new ComplexScratch(size);
      this.bre = new Float64Array(size);
      this.bim = new Float64Array(size);
    }
    return { re: this.bre as Float64Array, im: this.bim as Float64Array, scratch: this.nested };
  }
}

/**
 * Transforms `re`/`im` (length `plan.n`) in place, using `scratch` (length >= n) for the Stockham ping-pong.
 */
export function executeInPlace(plan: ComplexPlan, re: Float64Array, im: Float64Array, scratch: ComplexScratch): void {
  if (plan.bluestein != null) return bluesteinInPlace(plan, plan.bluestein, re, im, scratch);
  let xr = re, xi = im, yr = scratch.re, yi = scratch.im;
  for (const st of plan.stages) {
    runStage(st, plan.sigma, xr, xi, yr, yi);
    [xr, yr] = [yr, xr];
    [xi, yi] = [yi, xi];
  }
  if (xr !== re) {
    re.set(xr.subarray(0, plan.n));
    im.set(xi.subarray(0, plan.n));
  }
}

function bluesteinInPlace(plan: ComplexPlan, b: BluesteinPlan, re: Float64Array, im: Float64Array, scratch: ComplexScratch): void {
  const n = plan.n;
  const { re: ar, im: ai, scratch: inner } = scratch.bluestein(b.size);
  ar.fill(0);
  ai.fill(0);
  for (let j = 0; j < n; j++) {
    const xr = re[j] as number, xi = im[j] as number, cr = b.chirpRe[j] as number, ci = b.chirpIm[j] as number;
    ar[j] = xr * cr - xi * ci;
    ai[j] = xr * ci + xi * cr;
  }
  executeInPlace(b.forward, ar, ai, inner);
  for (let k = 0; k < b.size; k++) {
    const xr = ar[k] as number, xi = ai[k] as number, kr = b.kernelRe[k] as number, ki = b.kernelIm[k] as number;
    ar[k] = xr * kr - xi * ki;
    ai[k] = xr * ki + xi * kr;
  }
  executeInPlace(b.inverse, ar, ai, inner);
  for (let k = 0; k < n; k++) {
    const xr = ar[k] as number, xi = ai[k] as number, cr = b.chirpRe[k] as number, ci = b.chirpIm[k] as number;
    re[k] = xr * cr - xi * ci;
    im[k] = xr * ci + xi * cr;
  }
}
