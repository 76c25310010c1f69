/**
 * One decimation-in-frequency Stockham pass of radix `r` over a length-`N` transform, out of place from `x` to
 * `y`. With `m = N / (s r)` (the remaining sub-length over r) and `s` the stride of sub-transforms done so far:
 * for p < m, q < s, `a_k = x[q + s(p + k m)]` and `y[q + s(r p + j)] = (sum_k a_k W_r^{jk}) W_{rm}^{jp}`.
 * Twiddles `tw[(p (r - 1) + j - 1)]` hold `W_{rm}^{jp}`, `W = e^{sigma 2 pi i / .}`.
 */
export interface Stage {
  /** Radix. */
  readonly r: number;
  /** Remaining sub-length divided by r. */
  readonly m: number;
  /** Stride (product of the radices before this pass). */
  readonly s: number;
  /** Twiddle real parts, `m (r - 1)` of them. */
  readonly twRe: Float64Array;
  /** Twiddle imaginary parts. */
  readonly twIm: Float64Array;
  /** For generic radices: `W_r^t` for t < r. */
  readonly rootRe: Float64Array;
  /** Imaginary parts of the roots. */
  readonly rootIm: Float64Array;
}

/** Runs one pass (see {@link Stage}) with the butterfly for its radix. */
export function runStage(st: Stage, sigma: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  switch (st.r) {
    case 2: return radix2(st, xr, xi, yr, yi);
    case 3: return radix3(st, sigma, xr, xi, yr, yi);
    case 4: return radix4(st, sigma, xr, xi, yr, yi);
    case 5: return radix5(st, sigma, xr, xi, yr, yi);
    default: return radixGeneric(st, xr, xi, yr, yi);
  }
}

function radix2({ m, s, twRe, twIm }: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  for (let p = 0; p < m; p++) {
    const wr = twRe[p] as number;
    const wi = twIm[p] as number;
    const inBase = s * p;
    const outBase = 2 * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const i1 = i0 + sm;
      const ar = xr[i0] as number, ai = xi[i0] as number, br = xr[i1] as number, bi = xi[i1] as number;
      const o = outBase + q;
      yr[o] = ar + br;
      yi[o] = ai + bi;
      const dr = ar - br, di = ai - bi;
      yr[o + s] = dr * wr - di * wi;
      yi[o + s] = dr * wi + di * wr;
    }
  }
}

function radix4({ m, s, twRe, twIm }: Stage, sigma: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  for (let p = 0; p < m; p++) {
    const t = 3 * p;
    const w1r = twRe[t] as number, w1i = twIm[t] as number;
    const w2r = twRe[t + 1] as number, w2i = twIm[t + 1] as number;
    const w3r = twRe[t + 2] as number, w3i = twIm[t + 2] as number;
    const inBase = s * p;
    const outBase = 4 * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0] as number, a0i = xi[i0] as number;
      const a1r = xr[i0 + sm] as number, a1i = xi[i0 + sm] as number;
      const a2r = xr[i0 + 2 * sm] as number, a2i = xi[i0 + 2 * sm] as number;
      const a3r = xr[i0 + 3 * sm] as number, a3i = xi[i0 + 3 * sm] as number;
      const t0r = a0r + a2r, t0i = a0i + a2i;
      const t1r = a0r - a2r, t1i = a0i - a2i;
      const t2r = a1r + a3r, t2i = a1i + a3i;
      // (a1 - a3) * (sigma i)
      const t3r = -sigma * (a1i - a3i), t3i = sigma * (a1r - a3r);
      const o = outBase + q;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      const b1r = t1r + t3r, b1i = t1i + t3i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      const b2r = t0r - t2r, b2i = t0i - t2i;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      const b3r = t1r - t3r, b3i = t1i - t3i;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
    }
  }
}

const SIN_60 = Math.sqrt(3) / 2;

function radix3({ m, s, twRe, twIm }: Stage, sigma: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  const k = sigma * SIN_60;
  for (let p = 0; p < m; p++) {
    const w1r = twRe[2 * p] as number, w1i = twIm[2 * p] as number;
    const w2r = twRe[2 * p + 1] as number, w2i = twIm[2 * p + 1] as number;
    const inBase = s * p;
    const outBase = 3 * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0] as number, a0i = xi[i0] as number;
      const a1r = xr[i0 + sm] as number, a1i = xi[i0 + sm] as number;
      const a2r = xr[i0 + 2 * sm] as number, a2i = xi[i0 + 2 * sm] as number;
      const tr = a1r + a2r, ti = a1i + a2i;
      const br = a0r - 0.5 * tr, bi = a0i - 0.5 * ti;
      // (a1 - a2) * (sigma i sqrt(3)/2)
      const rr = -k * (a1i - a2i), ri = k * (a1r - a2r);
      const o = outBase + q;
      yr[o] = a0r + tr;
      yi[o] = a0i + ti;
      const c1r = br + rr, c1i = bi + ri;
      yr[o + s] = c1r * w1r - c1i * w1i;
      yi[o + s] = c1r * w1i + c1i * w1r;
      const c2r = br - rr, c2i = bi - ri;
      yr[o + 2 * s] = c2r * w2r - c2i * w2i;
      yi[o + 2 * s] = c2r * w2i + c2i * w2r;
    }
  }
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

function radix5({ m, s, twRe, twIm }: Stage, sigma: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  const s1 = sigma * S1, s2 = sigma * S2;
  for (let p = 0; p < m; p++) {
    const t = 4 * p;
    const inBase = s * p;
    const outBase = 5 * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0] as number, a0i = xi[i0] as number;
      const a1r = xr[i0 + sm] as number, a1i = xi[i0 + sm] as number;
      const a2r = xr[i0 + 2 * sm] as number, a2i = xi[i0 + 2 * sm] as number;
      const a3r = xr[i0 + 3 * sm] as number, a3i = xi[i0 + 3 * sm] as number;
      const a4r = xr[i0 + 4 * sm] as number, a4i = xi[i0 + 4 * sm] as number;
      const t1r = a1r + a4r, t1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
      const t2r = a2r + a3r, t2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
      const b1r = a0r + C1 * t1r + C2 * t2r, b1i = a0i + C1 * t1i + C2 * t2i;
      const b2r = a0r + C2 * t1r + C1 * t2r, b2i = a0i + C2 * t1i + C1 * t2i;
      // r1 = i (s1 d1 + s2 d2), r2 = i (s2 d1 - s1 d2), with the sign folded into s1, s2.
      const e1r = s1 * d1r + s2 * d2r, e1i = s1 * d1i + s2 * d2i;
      const e2r = s2 * d1r - s1 * d2r, e2i = s2 * d1i - s1 * d2i;
      const o = outBase + q;
      yr[o] = a0r + t1r + t2r;
      yi[o] = a0i + t1i + t2i;
      twiddle(yr, yi, o + s, b1r - e1i, b1i + e1r, twRe[t] as number, twIm[t] as number);
      twiddle(yr, yi, o + 2 * s, b2r - e2i, b2i + e2r, twRe[t + 1] as number, twIm[t + 1] as number);
      twiddle(yr, yi, o + 3 * s, b2r + e2i, b2i - e2r, twRe[t + 2] as number, twIm[t + 2] as number);
      twiddle(yr, yi, o + 4 * s, b1r + e1i, b1i - e1r, twRe[t + 3] as number, twIm[t + 3] as number);
    }
  }
}

/** Writes `(vr + i vi)(wr + i wi)` at `o`. */
function twiddle(yr: Float64Array, yi: Float64Array, o: number, vr: number, vi: number, wr: number, wi: number): void {
  yr[o] = vr * wr - vi * wi;
  yi[o] = vr * wi + vi * wr;
}

function radixGeneric({ r, m, s, twRe, twIm, rootRe, rootIm }: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  const ar = new Float64Array(r);
  const ai = new Float64Array(r);
  for (let p = 0; p < m; p++) {
    const inBase = s * p;
    const outBase = r * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      for (let k = 0; k < r; k++) {
        ar[k] = xr[i0 + k * sm] as number;
        ai[k] = xi[i0 + k * sm] as number;
      }
      for (let j = 0; j < r; j++) {
        let sr = 0, si = 0, t = 0;
        for (let k = 0; k < r; k++) {
          const cr = rootRe[t] as number, ci = rootIm[t] as number;
          const vr = ar[k] as number, vi = ai[k] as number;
          sr += vr * cr - vi * ci;
          si += vr * ci + vi * cr;
          t += j;
          if (t >= r) t -= r;
        }
        const o = outBase + q + j * s;
        if (j === 0) {
          yr[o] = sr;
          yi[o] = si;
        } else {
          const wr = twRe[p * (r - 1) + j - 1] as number, wi = twIm[p * (r - 1) + j - 1] as number;
          yr[o] = sr * wr - si * wi;
          yi[o] = sr * wi + si * wr;
        }
      }
    }
  }
}
