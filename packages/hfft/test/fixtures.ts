import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@spectromix/tensor';
import { expectAllClose, type Tolerance } from '@spectromix/tensor/testing';
import { fft, hfft, ifft, ihfft, irfft, rfft, type FftNorm, type FftOptions } from '../src/index.js';

/** Values stored whole or as probes plus aggregate statistics over every element. */
export interface StoredArray {
  values: number[];
  probes?: number[];
  stats: { sum: number; l1: number; l2: number; maxAbs: number };
}

/** One torch parity case of `scripts/make_fixtures.py`. */
export interface FixtureCase {
  id: string;
  op: FixtureOp;
  shape: number[];
  axis: number;
  n: number | null;
  norm: FftNorm;
  seed: number;
  outShape: number[];
  out: Record<string, StoredArray>;
  grad: Record<string, StoredArray>;
}

/** Ops with fixtures. */
export type FixtureOp = 'rfft' | 'irfft' | 'hfft' | 'ihfft' | 'fft' | 'ifft';
/** Every op with fixtures. */
export const FIXTURE_OPS: readonly FixtureOp[] = ['rfft', 'irfft', 'hfft', 'ihfft', 'fft', 'ifft'];

/** The cases of one op's fixture file. */
export function loadFixture(op: FixtureOp): FixtureCase[] {
  const path = fileURLToPath(new URL(`../fixtures/${op}.json`, import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: FixtureCase[] }).cases;
}

/** The fixtures' 32-bit LCG: exactly the values the Python script drew (all representable in float32). */
export function lcg(seed: number, count: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (state * 1664525 + 1013904223) % 4294967296;
    out[i] = (Math.floor(state / 256) / 16777216) * 2 - 1;
  }
  return out;
}

/** Runs the op of a case on its inputs; returns the outputs in fixture order (`re`, `im` or `x`). */
export function applyOp(op: FixtureOp, inputs: tf.Tensor[], options: FftOptions): tf.Tensor[] {
  const [a, b] = inputs as [tf.Tensor, tf.Tensor | undefined];
  switch (op) {
    case 'rfft': { const r = rfft(a, options); return [r.re, r.im]; }
    case 'ihfft': { const r = ihfft(a, options); return [r.re, r.im]; }
    case 'irfft': return [irfft(a, b ?? null, options)];
    case 'hfft': return [hfft(a, b ?? null, options)];
    case 'fft': { const r = fft(a, b ?? null, options); return [r.re, r.im]; }
    case 'ifft': { const r = ifft(a, b ?? null, options); return [r.re, r.im]; }
  }
}

/** Inputs, loss weights and options of a case, as the Python script built them. */
export function caseSetup(c: FixtureCase): { inputs: tf.Tensor[]; weights: tf.Tensor[]; options: FftOptions } {
  const size = c.shape.reduce((p, d) => p * d, 1);
  const realInput = c.op === 'rfft' || c.op === 'ihfft';
  const vals = lcg(c.seed, realInput ? size : 2 * size);
  const inputs = realInput ? [tf.tensor(vals, c.shape)] : [tf.tensor(vals.subarray(0, size), c.shape), tf.tensor(vals.subarray(size), c.shape)];
  const outSize = c.outShape.reduce((p, d) => p * d, 1);
  const outs = Object.keys(c.out).length;
  const w = lcg(c.seed + 1, outs * outSize);
  const weights = Array.from({ length: outs }, (_, i) => tf.tensor(w.subarray(i * outSize, (i + 1) * outSize), c.outShape));
  const options: FftOptions = { axis: c.axis, norm: c.norm };
  if (c.n != null) options.n = c.n;
  return { inputs, weights, options };
}

/**
 * Compares computed values with stored ones: element-wise `|a - e| <= rtol * max|e| + rtol * |e| + atol` on the
 * stored (or probed) elements, and the sum and l2 norm over all elements within the matching bounds.
 * @returns the largest error relative to `max|e|`.
 */
export function expectMatchesStored(actual: ArrayLike<number>, stored: StoredArray, tol: Tolerance, label: string): number {
  const scale = Math.max(stored.stats.maxAbs, 1e-30);
  const picked = stored.probes == null ? Array.from(actual) : stored.probes.map((i) => actual[i] as number);
  const worst = expectAllClose(picked, stored.values, { rtol: tol.rtol, atol: tol.rtol * scale + tol.atol }, label);
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < actual.length; i++) {
    const v = actual[i] as number;
    sum += v;
    sq += v * v;
  }
  const count = actual.length;
  const sumBound = 4 * tol.rtol * (stored.stats.l1 + scale * Math.sqrt(count)) + tol.atol * count;
  if (!(Math.abs(sum - stored.stats.sum) <= sumBound)) throw new Error(`${label}: sum ${sum} != ${stored.stats.sum} (bound ${sumBound})`);
  const l2Bound = 4 * tol.rtol * (stored.stats.l2 + scale) + tol.atol * Math.sqrt(count);
  if (!(Math.abs(Math.sqrt(sq) - stored.stats.l2) <= l2Bound)) throw new Error(`${label}: l2 ${Math.sqrt(sq)} != ${stored.stats.l2} (bound ${l2Bound})`);
  return worst / scale;
}

/**
 * Checks one case on the active backend: forward outputs and the gradient of the weighted-sum loss against
 * the torch values. Disposes everything it creates.
 */
export async function checkCase(c: FixtureCase, tol: Tolerance): Promise<void> {
  const { inputs, weights, options } = caseSetup(c);
  const outNames = Object.keys(c.out);
  const gradNames = Object.keys(c.grad);
  const outputs = applyOp(c.op, inputs, options);
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i] as tf.Tensor;
    if (o.shape.join(',') !== c.outShape.join(',')) throw new Error(`${c.id}: output shape [${o.shape.join(', ')}], expected [${c.outShape.join(', ')}]`);
    expectMatchesStored(await o.data(), c.out[outNames[i] as string] as StoredArray, tol, `${c.id} out.${outNames[i]}`);
  }
  const loss = (...xs: tf.Tensor[]): tf.Tensor => tf.addN(applyOp(c.op, xs, options).map((o, i) => tf.sum(tf.mul(o, weights[i] as tf.Tensor))));
  const grads = tf.grads(loss)(inputs);
  for (let i = 0; i < grads.length; i++) {
    expectMatchesStored(await (grads[i] as tf.Tensor).data(), c.grad[gradNames[i] as string] as StoredArray, tol, `${c.id} grad.${gradNames[i]}`);
  }
  tf.dispose([...inputs, ...weights, ...outputs, ...grads]);
}
