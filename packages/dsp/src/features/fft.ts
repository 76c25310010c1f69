import { ComplexScratch, complexPlan, executeInPlace, type ComplexPlan } from './fft-plan.js';
import { assertInt } from './validate.js';

/**
 * In-place complex FFT of any length `size >= 1`, forward sign `X[k] = sum_n x[n] e^{-2 pi i k n / size}`: the
 * one FFT of spectromix (`@spectromix/hfft`'s JavaScript kernels run on it too). Powers of two use an iterative
 * in-place radix-4 transform (plus one radix-2 pass for odd powers) with precomputed twiddles and bit-reversal
 * table, the fastest for the Kaldi fbank's 512 points; other lengths use the mixed-radix Stockham plan of
 * {@link complexPlan} (radices 4, 2, 3, 5 and primes up to 61; Bluestein's chirp-z over a 2,3,5-smooth length
 * beyond), several times faster and about twice as accurate as Bluestein for lengths like 400 or 1000. Computes in
 * float64; nothing is allocated per call.
 */
export class ComplexFft {
  /** Transform length. */
  readonly size: number;
  /** Bit-reversal permutation (power-of-two sizes), `rev[i]` is where input `i` goes. */
  private readonly rev: Uint32Array;
  /** Twiddles of the radix-4 passes, pass after pass, `W^j, W^2j, W^3j` per `j`: real and imaginary parts. */
  private readonly twRe: Float64Array;
  private readonly twIm: Float64Array;
  /** True when log2(size) is odd, so a radix-2 pass runs before the radix-4 passes. */
  private readonly oddStages: boolean;
  /** The mixed-radix plan of other lengths (null for powers of two) and its work buffers. */
  private readonly plan: ComplexPlan | null;
  private readonly scratch: ComplexScratch | null;

  /** @param size transform length, an integer >= 1. */
  constructor(size: number) {
    assertInt('ComplexFft size', size, 1);
    this.size = size;
    if (!isPowerOfTwo(size)) {
      this.plan = complexPlan(size, -1);
      this.scratch = new ComplexScratch(size);
      this.rev = new Uint32Array(0);
      this.twRe = new Float64Array(0);
      this.twIm = new Float64Array(0);
      this.oddStages = false;
      return;
    }
    this.plan = null;
    this.scratch = null;
    this.rev = bitReversal(size);
    let log2 = 0;
    while (1 << log2 < size) log2++;
    this.oddStages = log2 % 2 === 1;
    const twiddles: number[] = [];
    for (let q = this.oddStages ? 2 : 1; 4 * q <= size; q *= 4) {
      for (let j = 0; j < q; j++) {
        for (let p = 1; p <= 3; p++) twiddles.push((-2 * Math.PI * p * j) / (4 * q));
      }
    }
    this.twRe = Float64Array.from(twiddles, Math.cos);
    this.twIm = Float64Array.from(twiddles, Math.sin);
  }

  /** True when the length is a power of two (the fast path). */
  get isPowerOfTwo(): boolean {
    return this.plan === null;
  }

  /** The bit-reversal table, for callers that load their input already permuted (power-of-two sizes only). */
  get bitReversedIndex(): Uint32Array {
    return this.rev;
  }

  /** Forward transform of `re + i im` in place (both of length `size`). */
  forward(re: Float64Array, im: Float64Array): void {
    if (this.plan !== null) {
      executeInPlace(this.plan, re, im, this.scratch as ComplexScratch);
      return;
    }
    const rev = this.rev;
    for (let i = 0; i < this.size; i++) {
      const j = rev[i]!;
      if (j > i) {
        const tr = re[i]!;
        re[i] = re[j]!;
        re[j] = tr;
        const ti = im[i]!;
        im[i] = im[j]!;
        im[j] = ti;
      }
    }
    this.butterflies(re, im);
  }

  /**
   * Unscaled transform in place with the exponent's sign `sign`: `X[k] = sum_n x[n] e^{sign 2 pi i k n / size}`
   * (`-1` is {@link forward}, `1` the inverse without the `1 / size`).
   */
  transform(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
    // The sign +1 transform is swap(fft(swap(x))), where swap exchanges real and imaginary parts.
    if (sign === -1) this.forward(re, im);
    else this.forward(im, re);
  }

  /** Inverse transform in place, normalised by `1 / size` (numpy's `ifft`). */
  inverse(re: Float64Array, im: Float64Array): void {
    // ifft(x) = swap(fft(swap(x))) / n, where swap exchanges real and imaginary parts.
    this.forward(im, re);
    const scale = 1 / this.size;
    for (let i = 0; i < this.size; i++) {
      re[i] = re[i]! * scale;
      im[i] = im[i]! * scale;
    }
  }

  /**
   * The butterfly passes on input already in bit-reversed order (power-of-two sizes only): one radix-2 pass
   * when log2(size) is odd, then radix-4 passes (two radix-2 stages fused, three twiddle products per four
   * points). Exposed for {@link RealFft}, which loads its input permuted and so skips the permutation pass;
   * with `firstPassDone` it also skips the first (twiddle-free) pass, which the caller fused into its load.
   */
  butterflies(re: Float64Array, im: Float64Array, firstPassDone = false): void {
    const n = this.size;
    let q = 1;
    if (firstPassDone) {
      q = this.oddStages ? 2 : 4;
    } else if (this.oddStages) {
      for (let i = 0; i + 1 < n; i += 2) {
        const ar = re[i]!;
        const ai = im[i]!;
        const br = re[i + 1]!;
        const bi = im[i + 1]!;
        re[i] = ar + br;
        im[i] = ai + bi;
        re[i + 1] = ar - br;
        im[i + 1] = ai - bi;
      }
      q = 2;
    }
    const twRe = this.twRe;
    const twIm = this.twIm;
    // Twiddles of the passes already done (3 per j, q values of j per pass) are skipped.
    let offset = firstPassDone && !this.oddStages ? 3 : 0;
    for (; 4 * q <= n; q *= 4) {
      const span = 4 * q;
      for (let j = 0; j < q; j++) {
        const t = offset + 3 * j;
        const w1r = twRe[t]!;
        const w1i = twIm[t]!;
        const w2r = twRe[t + 1]!;
        const w2i = twIm[t + 1]!;
        const w3r = twRe[t + 2]!;
        const w3i = twIm[t + 2]!;
        for (let i0 = j; i0 < n; i0 += span) {
          const i1 = i0 + q;
          const i2 = i1 + q;
          const i3 = i2 + q;
          const ar = re[i0]!;
          const ai = im[i0]!;
          // b = W^2j x1, c = W^j x2, d = W^3j x3 (bit-reversed order puts the W^2j input second).
          const x1r = re[i1]!;
          const x1i = im[i1]!;
          const br = x1r * w2r - x1i * w2i;
          const bi = x1r * w2i + x1i * w2r;
          const x2r = re[i2]!;
          const x2i = im[i2]!;
          const cr = x2r * w1r - x2i * w1i;
          const ci = x2r * w1i + x2i * w1r;
          const x3r = re[i3]!;
          const x3i = im[i3]!;
          const dr = x3r * w3r - x3i * w3i;
          const di = x3r * w3i + x3i * w3r;
          const s0r = ar + br;
          const s0i = ai + bi;
          const d0r = ar - br;
          const d0i = ai - bi;
          const s1r = cr + dr;
          const s1i = ci + di;
          // (-i) (c - d)
          const d1r = ci - di;
          const d1i = dr - cr;
          re[i0] = s0r + s1r;
          im[i0] = s0i + s1i;
          re[i2] = s0r - s1r;
          im[i2] = s0i - s1i;
          re[i1] = d0r + d1r;
          im[i1] = d0i + d1i;
          re[i3] = d0r - d1r;
          im[i3] = d0i - d1i;
        }
      }
      offset += 3 * q;
    }
  }
}

/**
 * FFT of a real signal of any length `size >= 1`, returning the one-sided spectrum (`floor(size / 2) + 1`
 * bins, like `torch.fft.rfft`). Even lengths pack the signal into a half-length complex transform (the
 * classic "two reals in one complex" trick); odd lengths run a full complex transform. All buffers and
 * twiddles are allocated once in the constructor: reuse one instance per frame size in a hot loop.
 */
export class RealFft {
  /** Transform length (the number of real input samples). */
  readonly size: number;
  /** Number of one-sided output bins, `floor(size / 2) + 1`. */
  readonly numBins: number;
  private readonly half: ComplexFft;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;
  private readonly postRe: Float64Array;
  private readonly postIm: Float64Array;
  /** True when log2 of the half-length transform is odd (its first pass is radix-2). */
  private readonly oddLog2: boolean;

  /** @param size transform length, an integer >= 1. */
  constructor(size: number) {
    assertInt('RealFft size', size, 1);
    this.size = size;
    this.numBins = (size >> 1) + 1;
    const even = size % 2 === 0;
    const m = even ? size / 2 : size;
    this.half = new ComplexFft(m);
    this.oddLog2 = Math.log2(m) % 2 === 1;
    this.zRe = new Float64Array(m);
    this.zIm = new Float64Array(m);
    this.postRe = new Float64Array(even ? m : 0);
    this.postIm = new Float64Array(even ? m : 0);
    for (let k = 0; k < this.postRe.length; k++) {
      const angle = (-2 * Math.PI * k) / size;
      this.postRe[k] = Math.cos(angle);
      this.postIm[k] = Math.sin(angle);
    }
  }

  /**
   * One-sided spectrum of `input` (its first `size` samples; a shorter input is zero-padded), written to
   * `outRe` and `outIm` (each at least `numBins` long).
   */
  forward(input: ArrayLike<number>, outRe: Float64Array | Float32Array, outIm: Float64Array | Float32Array): void {
    this.transform(input);
    if (this.postRe.length === 0) {
      for (let k = 0; k < this.numBins; k++) {
        outRe[k] = this.zRe[k]!;
        outIm[k] = this.zIm[k]!;
      }
      return;
    }
    const m = this.zRe.length;
    const zRe = this.zRe;
    const zIm = this.zIm;
    outRe[0] = zRe[0]! + zIm[0]!;
    outIm[0] = 0;
    outRe[m] = zRe[0]! - zIm[0]!;
    outIm[m] = 0;
    // Bins k and m - k share their even/odd parts (see power()).
    for (let k = 1; 2 * k <= m; k++) {
      const a = zRe[k]!;
      const b = zIm[k]!;
      const c = zRe[m - k]!;
      const d = zIm[m - k]!;
      const er = 0.5 * (a + c);
      const ei = 0.5 * (b - d);
      const or = 0.5 * (b + d);
      const oi = 0.5 * (c - a);
      const wr = this.postRe[k]!;
      const wi = this.postIm[k]!;
      const t1 = wr * or - wi * oi;
      const t2 = wr * oi + wi * or;
      outRe[k] = er + t1;
      outIm[k] = ei + t2;
      outRe[m - k] = er - t1;
      outIm[m - k] = t2 - ei;
    }
  }

  /**
   * Power spectrum `|X[k]|^2` of `input` (zero-padded to `size` when shorter) into `out` (at least `numBins`
   * long). This is the hot loop of {@link kaldiFbank}: no allocation, no intermediate complex output.
   */
  power(input: ArrayLike<number>, out: Float64Array | Float32Array): void {
    this.transform(input);
    const zRe = this.zRe;
    const zIm = this.zIm;
    if (this.postRe.length === 0) {
      for (let k = 0; k < this.numBins; k++) out[k] = zRe[k]! * zRe[k]! + zIm[k]! * zIm[k]!;
      return;
    }
    const m = zRe.length;
    const dc = zRe[0]! + zIm[0]!;
    const nyq = zRe[0]! - zIm[0]!;
    out[0] = dc * dc;
    out[m] = nyq * nyq;
    const postRe = this.postRe;
    const postIm = this.postIm;
    // X[k] = E + W^k O with E, O from Z[k] and Z[m - k]. Bin m - k has the same E and O conjugated and the
    // twiddle -conj(W^k), so X[m - k] = conj(E) - conj(W^k O): one iteration serves both bins.
    for (let k = 1; 2 * k <= m; k++) {
      const a = zRe[k]!;
      const b = zIm[k]!;
      const c = zRe[m - k]!;
      const d = zIm[m - k]!;
      const er = a + c;
      const ei = b - d;
      const or = b + d;
      const oi = c - a;
      const wr = postRe[k]!;
      const wi = postIm[k]!;
      // Twice the spectrum, hence the factor 1/4 on the power.
      const t1 = wr * or - wi * oi;
      const t2 = wr * oi + wi * or;
      const xr = er + t1;
      const xi = ei + t2;
      const yr = er - t1;
      const yi = t2 - ei;
      out[k] = 0.25 * (xr * xr + xi * xi);
      out[m - k] = 0.25 * (yr * yr + yi * yi);
    }
  }

  /** Loads the input into the complex work buffers (permuted when the fast path allows) and transforms it. */
  /**
   * Loads even/odd sample pairs in bit-reversed order and runs the first butterfly pass in the same loop
   * (radix-4 with unit twiddles when log2(m) is even, radix-2 otherwise): one pass over memory fewer.
   */
  private loadFirstPass(input: ArrayLike<number>, rev: Uint32Array): void {
    // The radix-4 arithmetic repeats ComplexFft.butterflies' on purpose: this is the hottest loop of
    // kaldiFbank, and a shared helper would have to return eight numbers per call.
    const zRe = this.zRe;
    const zIm = this.zIm;
    const m = zRe.length;
    if (this.oddLog2) {
      for (let p = 0; p < m; p += 2) {
        const e0 = 2 * rev[p]!;
        const e1 = 2 * rev[p + 1]!;
        const ar = input[e0]!;
        const ai = input[e0 + 1]!;
        const br = input[e1]!;
        const bi = input[e1 + 1]!;
        zRe[p] = ar + br;
        zIm[p] = ai + bi;
        zRe[p + 1] = ar - br;
        zIm[p + 1] = ai - bi;
      }
      return;
    }
    for (let p = 0; p < m; p += 4) {
      const e0 = 2 * rev[p]!;
      const e1 = 2 * rev[p + 1]!;
      const e2 = 2 * rev[p + 2]!;
      const e3 = 2 * rev[p + 3]!;
      const ar = input[e0]!;
      const ai = input[e0 + 1]!;
      const br = input[e1]!;
      const bi = input[e1 + 1]!;
      const cr = input[e2]!;
      const ci = input[e2 + 1]!;
      const dr = input[e3]!;
      const di = input[e3 + 1]!;
      const s0r = ar + br;
      const s0i = ai + bi;
      const d0r = ar - br;
      const d0i = ai - bi;
      const s1r = cr + dr;
      const s1i = ci + di;
      const d1r = ci - di;
      const d1i = dr - cr;
      zRe[p] = s0r + s1r;
      zIm[p] = s0i + s1i;
      zRe[p + 2] = s0r - s1r;
      zIm[p + 2] = s0i - s1i;
      zRe[p + 1] = d0r + d1r;
      zIm[p + 1] = d0i + d1i;
      zRe[p + 3] = d0r - d1r;
      zIm[p + 3] = d0i - d1i;
    }
  }

  private transform(input: ArrayLike<number>): void {
    const zRe = this.zRe;
    const zIm = this.zIm;
    const m = zRe.length;
    const len = Math.min(input.length, this.size);
    if (this.postRe.length === 0) {
      for (let i = 0; i < m; i++) {
        zRe[i] = i < len ? input[i]! : 0;
        zIm[i] = 0;
      }
      this.half.forward(zRe, zIm);
      return;
    }
    if (this.half.isPowerOfTwo) {
      const rev = this.half.bitReversedIndex;
      if (len === this.size && m >= 4) {
        this.loadFirstPass(input, rev);
        this.half.butterflies(zRe, zIm, true);
        return;
      }
      for (let i = 0; i < m; i++) {
        const j = rev[i]!;
        const e = 2 * i;
        zRe[j] = e < len ? input[e]! : 0;
        zIm[j] = e + 1 < len ? input[e + 1]! : 0;
      }
      this.half.butterflies(zRe, zIm);
      return;
    }
    for (let i = 0; i < m; i++) {
      const e = 2 * i;
      zRe[i] = e < len ? input[e]! : 0;
      zIm[i] = e + 1 < len ? input[e + 1]! : 0;
    }
    this.half.forward(zRe, zIm);
  }
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function bitReversal(n: number): Uint32Array {
  const rev = new Uint32Array(n);
  let bits = 0;
  while (1 << bits < n) bits++;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1);
    rev[i] = r;
  }
  return rev;
}
