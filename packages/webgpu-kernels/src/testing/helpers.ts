/**
 * Test helpers (not exported by the package): float64 central differences of a tensor function's outputs,
 * and tensor read-back.
 */
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';

/** Reads a tensor into a Float32Array and disposes it. */
export async function read(t: Tensor): Promise<Float32Array> {
  const data = (await t.data()) as Float32Array;
  t.dispose();
  return data;
}

/**
 * d/dx_i of `sum(f(x) * w)` by central differences, with the output differences summed in float64: only
 * the outputs a perturbation touches change, so rounding stays near one ulp of those outputs over 2 eps.
 */
export async function outputFiniteDifferences(f: (x: Tensor) => Tensor, x: Float32Array, shape: number[], w: Float32Array, eps: number): Promise<Float64Array> {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const plus = Float32Array.from(x);
    const minus = Float32Array.from(x);
    plus[i] = (plus[i] as number) + eps;
    minus[i] = (minus[i] as number) - eps;
    const yp = await read(tf.tidy(() => f(tf.tensor(plus, shape))));
    const ym = await read(tf.tidy(() => f(tf.tensor(minus, shape))));
    let s = 0;
    for (let j = 0; j < yp.length; j++) s += (w[j] as number) * ((yp[j] as number) - (ym[j] as number));
    grad[i] = s / ((plus[i] as number) - (minus[i] as number));
  }
  return grad;
}
