/**
 * Float64 references for the tests: plain loops over typed arrays, independent of tfjs and of the kernels.
 */

/** Row-major operand of a (possibly batched, possibly transposed) product. */
export interface Operand64 {
  readonly data: ArrayLike<number>;
  /** Leading batch size (1 = shared by every batch entry). */
  readonly batch: number;
  readonly rows: number;
  readonly cols: number;
}

/** `op(a) @ op(b)` in float64 for `batch` entries; output `[batch, m, n]` flattened. */
export function matMul64(a: Operand64, b: Operand64, transposeA: boolean, transposeB: boolean): Float64Array {
  const m = transposeA ? a.cols : a.rows;
  const k = transposeA ? a.rows : a.cols;
  const n = transposeB ? b.rows : b.cols;
  const batch = Math.max(a.batch, b.batch);
  const out = new Float64Array(batch * m * n);
  for (let z = 0; z < batch; z++) {
    const oa = (a.batch === 1 ? 0 : z) * a.rows * a.cols;
    const ob = (b.batch === 1 ? 0 : z) * b.rows * b.cols;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = a.data[oa + (transposeA ? p * a.cols + i : i * a.cols + p)] as number;
          const bv = b.data[ob + (transposeB ? j * b.cols + p : p * b.cols + j)] as number;
          s += av * bv;
        }
        out[(z * m + i) * n + j] = s;
      }
  }
  return out;
}

/** erf to about 1e-15 (series below 2.5, continued fraction above). */
export function erf64(x: number): number {
  const t = Math.abs(x);
  if (t < 2.5) {
    let sum = t;
    let term = t;
    for (let n = 1; n < 80; n++) {
      term *= (-t * t) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let cf = 0;
  for (let n = 80; n >= 1; n--) cf = n / 2 / (t + cf);
  return Math.sign(x) * (1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + cf));
}

/** Exact GELU. */
export function gelu64(x: number): number {
  return 0.5 * x * (1 + erf64(x / Math.SQRT2));
}

/** GELU derivative. */
export function geluGrad64(x: number): number {
  return 0.5 * (1 + erf64(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
}

/** LayerNorm forward and its gradients for a loss `sum(y * w)`, over rows of length d. */
export function layerNorm64(
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  w: ArrayLike<number>,
  d: number,
  eps: number,
): { y: Float64Array; dx: Float64Array; dgamma: Float64Array; dbeta: Float64Array } {
  const rows = x.length / d;
  const y = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  const dgamma = new Float64Array(d);
  const dbeta = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[r * d + i] as number;
    mean /= d;
    let v = 0;
    for (let i = 0; i < d; i++) v += ((x[r * d + i] as number) - mean) ** 2;
    const rstd = 1 / Math.sqrt(v / d + eps);
    let sg = 0;
    let sgx = 0;
    const xhat = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const j = r * d + i;
      xhat[i] = ((x[j] as number) - mean) * rstd;
      y[j] = (xhat[i] as number) * (gamma[i] as number) + (beta[i] as number);
      const g = (w[j] as number) * (gamma[i] as number);
      sg += g;
      sgx += g * (xhat[i] as number);
      dgamma[i] = (dgamma[i] as number) + (w[j] as number) * (xhat[i] as number);
      dbeta[i] = (dbeta[i] as number) + (w[j] as number);
    }
    for (let i = 0; i < d; i++) {
      const j = r * d + i;
      const g = (w[j] as number) * (gamma[i] as number);
      dx[j] = rstd * (g - sg / d - (xhat[i] as number) * (sgx / d));
    }
  }
  return { y, dx, dgamma, dbeta };
}

/** The group roll of `[b, f, t, d]` (torch.roll semantics per group) as a gather. */
export function rollGroups64(x: ArrayLike<number>, shape: readonly [number, number, number, number], groups: number, shiftF: readonly number[], shiftT: readonly number[]): Float64Array {
  const [b, f, t, d] = shape;
  const width = d / groups;
  const out = new Float64Array(x.length);
  const mod = (a: number, n: number) => ((a % n) + n) % n;
  for (let bi = 0; bi < b; bi++)
    for (let fi = 0; fi < f; fi++)
      for (let ti = 0; ti < t; ti++)
        for (let di = 0; di < d; di++) {
          const g = Math.floor(di / width);
          const fs = mod(fi - (shiftF[g] ?? 0), f);
          const ts = mod(ti - (shiftT[g] ?? 0), t);
          out[((bi * f + fi) * t + ti) * d + di] = x[((bi * f + fs) * t + ts) * d + di] as number;
        }
  return out;
}

/** Seeded uniform values in [lo, hi) (a small LCG; tests only need reproducible variety). */
export function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((s >>> 8) / 16777216) * (hi - lo);
  }
  return out;
}
