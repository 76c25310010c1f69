import * as tf from '@spectromix/tensor';
import { binWeight, halfLength, hermitianWeight } from '../../norm.js';
import type { TransformFamily } from '../../kernel-names.js';
import { unitCircle } from '@spectromix/dsp';

/**
 * The two real matrices of a transform as a matrix product, with the scale folded in. With
 * `sigma = inverse ? +1 : -1`, `theta = 2 pi jk/n`, `h = floor(n/2)+1`:
 * - r2c: `re = x @ A`, `im = x @ B` with `A[j,k] = s cos(theta)`, `B[j,k] = sigma s sin(theta)` (`[n, h]`);
 * - c2r: `x = re @ A + im @ B` with `A[k,j] = s c_k cos(theta)`, `B[k,j] = -sigma s c_k sin(theta)` (`[h, n]`,
 *   `c_k` the Hermitian weight);
 * - c2c: `re' = re @ A - im @ B`, `im' = re @ B + im @ A` with `A = s cos`, `B = sigma s sin` (`[n, n]`).
 * With `adjoint`, r2c columns are multiplied by `c_k` and c2r rows use weight 1 instead of `c_k` (see `binWeight`).
 */
export function dftBasis(family: TransformFamily, inverse: boolean, n: number, scale: number, adjoint = false): [Float32Array, Float32Array, [number, number]] {
  const sigma = inverse ? 1 : -1;
  const h = halfLength(n);
  if (family === 'c2r') {
    const a = new Float32Array(h * n);
    const b = new Float32Array(h * n);
    for (let k = 0; k < h; k++) {
      const w = scale * hermitianWeight(k, n) * binWeight('c2r', adjoint, k, n);
      for (let j = 0; j < n; j++) {
        const [c, s] = unitCircle(j * k, n);
        a[k * n + j] = w * c;
        b[k * n + j] = -sigma * w * s;
      }
    }
    return [a, b, [h, n]];
  }
  const cols = family === 'r2c' ? h : n;
  const a = new Float32Array(n * cols);
  const b = new Float32Array(n * cols);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < cols; k++) {
      const [c, s] = unitCircle(j * k, n);
      const w = family === 'r2c' ? scale * binWeight('r2c', adjoint, k, n) : scale;
      a[j * cols + k] = w * c;
      b[j * cols + k] = sigma * w * s;
    }
  }
  return [a, b, [n, cols]];
}

/** The basis of {@link dftBasis} as two 2-D tensors on the active backend. */
export function dftBasisTensors(family: TransformFamily, inverse: boolean, n: number, scale: number, adjoint = false): tf.Tensor[] {
  const [a, b, shape] = dftBasis(family, inverse, n, scale, adjoint);
  return [tf.tensor2d(a, shape), tf.tensor2d(b, shape)];
}
