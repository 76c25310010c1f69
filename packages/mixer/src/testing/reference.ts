/**
 * Plain float64 reference implementations the layer tests compare against (test-only; not exported by the
 * package). Arrays are row-major.
 */

/** A seeded uniform(-1, 1) array (mulberry32), for test inputs. */
export function randomArray(size: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
  }
  return out;
}

/** erf by its Maclaurin series (double precision for |x| < 4, plenty for test inputs in [-3, 3]). */
export function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) < 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** `torch.roll(x, shift, axis)` of a row-major array of `shape`. */
export function roll(x: ArrayLike<number>, shape: readonly number[], shift: number, axis: number): Float64Array {
  const n = shape[axis] as number;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const pos = Math.floor(i / inner) % n;
    const src = (((pos - shift) % n) + n) % n;
    out[i] = x[i + (src - pos) * inner] as number;
  }
  return out;
}

/**
 * The Hermit branch by its closed form: along `axis` of length t (M = 2(t - 1)), `y = C diag(filter) C z` with
 * the orthonormal DCT-I `C[k][j] = w_j cos(pi k j / (t - 1)) / sqrt(M)`, `w = 1` at both ends and 2 inside (what
 * `hfft(n=M, ortho)[:t]` and `irfft(n=M, ortho)[:t]` compute for real input). z is `[B, F, t, D]`, filter `[t, D]`.
 */
export function hermitReference(z: ArrayLike<number>, shape: readonly [number, number, number, number], filter: ArrayLike<number>): Float64Array {
  const [b, f, t, d] = shape;
  const m = 2 * (t - 1);
  const c = (k: number, j: number): number => ((j === 0 || j === t - 1 ? 1 : 2) * Math.cos((Math.PI * k * j) / (t - 1))) / Math.sqrt(m);
  const out = new Float64Array(z.length);
  for (let bf = 0; bf < b * f; bf++) {
    for (let ch = 0; ch < d; ch++) {
      const at = (j: number): number => bf * t * d + j * d + ch;
      const u = new Float64Array(t);
      for (let k = 0; k < t; k++) {
        let s = 0;
        for (let j = 0; j < t; j++) s += c(k, j) * (z[at(j)] as number);
        u[k] = s * (filter[k * d + ch] as number);
      }
      for (let k = 0; k < t; k++) {
        let s = 0;
        for (let j = 0; j < t; j++) s += c(k, j) * (u[j] as number);
        out[at(k)] = s;
      }
    }
  }
  return out;
}
