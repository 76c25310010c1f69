import * as tf from '@spectromix/tensor';
import { ComplexScratch, complexPlan, executeInPlace, nextSmooth, unitCircle } from '@spectromix/dsp';
import type { DeviceCache } from '../device-cache.js';

/** A complex pair of `[rows, n]` tensors. */
export type Pair2D = [tf.Tensor2D, tf.Tensor2D];

/**
 * The FFT that the composition bottoms out in: an unscaled complex transform of length `n` along the last
 * axis of `[rows, n]` tensors, `X_k = sum_j z_j e^{sigma 2 pi i jk/n}`, for the lengths it `accepts`.
 */
export interface LeafFft {
  /** Whether `run` handles length `n`. */
  accepts(n: number): boolean;
  /** Transforms; `im` null means zero. */
  run(re: tf.Tensor2D, im: tf.Tensor2D | null, n: number, sigma: 1 | -1): Pair2D;
}

/** `(a + ib)(c + id)` with broadcasting. */
function cmul(a: tf.Tensor, b: tf.Tensor | null, c: tf.Tensor, d: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (b == null) return [tf.mul(a, c), tf.mul(a, d)];
  return [tf.sub(tf.mul(a, c), tf.mul(b, d)), tf.add(tf.mul(a, d), tf.mul(b, c))];
}

/** Largest divisor of `n` that is at most `sqrt(n)` (1 for primes). */
function balancedDivisor(n: number): number {
  for (let d = Math.floor(Math.sqrt(n)); d >= 2; d--) if (n % d === 0) return d;
  return 1;
}

/**
 * An unscaled complex FFT of any length composed of tfjs ops around a leaf FFT: the leaf where it accepts the
 * length; else the four-step (Bailey) split `n = n1 n2` into `n2` FFTs of length `n1`, a twiddle product and
 * `n1` FFTs of length `n2`; for primes, Bluestein's chirp-z convolution on a 2,3,5-smooth length.
 * @param cache where twiddles and chirps are kept, per backend.
 */
export function composedFft(re: tf.Tensor2D, im: tf.Tensor2D | null, n: number, sigma: 1 | -1, leaf: LeafFft, cache: DeviceCache, backend: object): Pair2D {
  if (leaf.accepts(n)) return leaf.run(re, im, n, sigma);
  const n1 = balancedDivisor(n);
  if (n1 > 1) return fourStep(re, im, n1, n / n1, sigma, leaf, cache, backend);
  return bluestein(re, im, n, sigma, leaf, cache, backend);
}

function fourStep(re: tf.Tensor2D, im: tf.Tensor2D | null, n1: number, n2: number, sigma: 1 | -1, leaf: LeafFft, cache: DeviceCache, backend: object): Pair2D {
  const n = n1 * n2;
  const rows = re.shape[0];
  // x[j1 n2 + j2] -> (j2, j1) rows of length n1.
  const cols = (t: tf.Tensor): tf.Tensor2D => tf.reshape(tf.transpose(tf.reshape(t, [rows, n1, n2]), [0, 2, 1]), [rows * n2, n1]);
  const [aRe, aIm] = composedFft(cols(re), im == null ? null : cols(im), n1, sigma, leaf, cache, backend);
  // Twiddle W_n^{j2 k1} on (j2, k1).
  const [twRe, twIm] = cache.get(backend, `fourstep/${n1}x${n2}/${sigma}`, () => {
    const r = new Float32Array(n), i = new Float32Array(n);
    for (let j2 = 0; j2 < n2; j2++)
      for (let k1 = 0; k1 < n1; k1++) {
        const [c, s] = unitCircle(j2 * k1, n);
        r[j2 * n1 + k1] = c;
        i[j2 * n1 + k1] = sigma * s;
      }
    return [tf.tensor2d(r, [n2, n1]), tf.tensor2d(i, [n2, n1])];
  }) as [tf.Tensor, tf.Tensor];
  const [bRe, bIm] = cmul(tf.reshape(aRe, [rows, n2, n1]), tf.reshape(aIm, [rows, n2, n1]), twRe, twIm);
  // (j2, k1) -> (k1, j2) rows of length n2.
  const rowsOf = (t: tf.Tensor): tf.Tensor2D => tf.reshape(tf.transpose(t, [0, 2, 1]), [rows * n1, n2]);
  const [cRe, cIm] = composedFft(rowsOf(bRe), rowsOf(bIm), n2, sigma, leaf, cache, backend);
  // (k1, k2) -> X[k1 + n1 k2].
  const out = (t: tf.Tensor): tf.Tensor2D => tf.reshape(tf.transpose(tf.reshape(t, [rows, n1, n2]), [0, 2, 1]), [rows, n]);
  return [out(cRe), out(cIm)];
}

function bluestein(re: tf.Tensor2D, im: tf.Tensor2D | null, n: number, sigma: 1 | -1, leaf: LeafFft, cache: DeviceCache, backend: object): Pair2D {
  const size = nextSmooth(2 * n - 1);
  const [chirpRe, chirpIm, kernelRe, kernelIm] = cache.get(backend, `bluestein/${n}/${sigma}`, () => {
    // chirp e^{sigma pi i j^2/n}; kernel FFT(conj chirp, wrapped to `size`) / size, in float64 on the host.
    const cr = new Float32Array(n), ci = new Float32Array(n);
    const kr = new Float64Array(size), ki = new Float64Array(size);
    for (let j = 0; j < n; j++) {
      const [c, s] = unitCircle((j * j) % (2 * n), 2 * n);
      cr[j] = c;
      ci[j] = sigma * s;
      kr[j] = c;
      ki[j] = -sigma * s;
      if (j > 0) {
        kr[size - j] = c;
        ki[size - j] = -sigma * s;
      }
    }
    executeInPlace(complexPlan(size, -1), kr, ki, new ComplexScratch(size));
    const scale = (v: Float64Array): Float32Array => Float32Array.from(v, (x) => x / size);
    return [tf.tensor1d(cr), tf.tensor1d(ci), tf.tensor1d(scale(kr)), tf.tensor1d(scale(ki))];
  }) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
  const [aRe, aIm] = cmul(re, im, chirpRe, chirpIm);
  const pad = (t: tf.Tensor): tf.Tensor2D => tf.pad(t as tf.Tensor2D, [[0, 0], [0, size - n]]);
  const [fRe, fIm] = composedFft(pad(aRe), pad(aIm), size, -1, leaf, cache, backend);
  const [gRe, gIm] = cmul(fRe, fIm, kernelRe, kernelIm);
  const [hRe, hIm] = composedFft(gRe as tf.Tensor2D, gIm as tf.Tensor2D, size, 1, leaf, cache, backend);
  const rows = re.shape[0];
  const head = (t: tf.Tensor2D): tf.Tensor2D => tf.slice(t, [0, 0], [rows, n]);
  const [yRe, yIm] = cmul(head(hRe), head(hIm), chirpRe, chirpIm);
  return [yRe as tf.Tensor2D, yIm as tf.Tensor2D];
}
