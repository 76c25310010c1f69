/**
 * Correctness cases of the f16 subgroup-matrix matmul, shared by its test (run where the device has subgroup
 * matrices) and the GPU benchmark (which runs them on the card and records the result): every layout, edge tiles,
 * scalar loads, shared and per-item batches, against float64 references.
 */
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { matMul64, uniform } from '../reference/float64.js';

/** One product to check. */
export interface F16CheckCase {
  readonly name: string;
  readonly aShape: readonly number[];
  readonly bShape: readonly number[];
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /**
   * `exact`: inputs are multiples of 1/8 in [-2, 2] (exact in f16, every product and partial sum exact in f32), so
   * the result must equal the float64 reference bit for bit. `random`: uniform inputs in [-1, 1], which f16 rounds.
   */
  readonly inputs: 'exact' | 'random';
}

/** The cases (sizes chosen for edge tiles, K not a multiple of the K step, scalar and 16-byte loads). */
export const F16_CHECK_CASES: readonly F16CheckCase[] = [
  { name: 'full tiles [128,256]x[256,128]', aShape: [128, 256], bShape: [256, 128], transposeA: false, transposeB: false, inputs: 'exact' },
  { name: 'edges, scalar A [100,50]x[50,68]', aShape: [100, 50], bShape: [50, 68], transposeA: false, transposeB: false, inputs: 'exact' },
  { name: 'A transposed [96,130]^T x [96,132]', aShape: [96, 130], bShape: [96, 132], transposeA: true, transposeB: false, inputs: 'exact' },
  { name: 'B transposed [130,64] x [72,64]^T', aShape: [130, 64], bShape: [72, 64], transposeA: false, transposeB: true, inputs: 'exact' },
  { name: 'both transposed [40,200]^T x [136,40]^T', aShape: [40, 200], bShape: [136, 40], transposeA: true, transposeB: true, inputs: 'exact' },
  { name: 'shared weight W[40,72] x X[3,72,132]', aShape: [40, 72], bShape: [3, 72, 132], transposeA: false, transposeB: false, inputs: 'exact' },
  { name: 'batched [2,160,48]x[2,48,192]', aShape: [2, 160, 48], bShape: [2, 48, 192], transposeA: false, transposeB: false, inputs: 'exact' },
  { name: 'random [512,384]x[384,256]', aShape: [512, 384], bShape: [384, 256], transposeA: false, transposeB: false, inputs: 'random' },
];

/** What a check found: the largest error against float64, absolute and relative to the largest |reference|. */
export interface F16CheckResult {
  readonly name: string;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  readonly pass: boolean;
}

/**
 * Error bound of the random cases, relative to the largest |reference| entry: f16 rounds each input by up to 2^-11
 * relatively, so a length-K dot product of unit-scale values errs by about 2^-11 sqrt(K) against a result of about
 * sqrt(K / 9) (at K = 384: about 1.5e-3 of the largest entry at worst; typical errors are a few times smaller).
 */
const RANDOM_TOLERANCE = 2e-3;

const size = (s: readonly number[]) => s.reduce((x, y) => x * y, 1);

/** Inputs exact in f16 (multiples of 1/8 in [-2, 2]), from a seeded uniform draw. */
function exactInputs(n: number, seed: number): Float32Array {
  return uniform(n, seed).map((v) => Math.round(v * 16) / 8);
}

/**
 * Runs one case through `matMul` (the f16 kernel, however the caller reaches it) and compares it with float64.
 * @param matMul computes `op(a) @ op(b)`.
 */
export async function checkF16Case(c: F16CheckCase, matMul: (a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean) => Tensor, seed = 7): Promise<F16CheckResult> {
  const make = c.inputs === 'exact' ? exactInputs : (n: number, s: number) => uniform(n, s);
  const a = make(size(c.aShape), seed);
  const b = make(size(c.bShape), seed + 1);
  const op = (data: Float32Array, shape: readonly number[]) => ({ data, batch: size(shape.slice(0, -2)), rows: shape[shape.length - 2] as number, cols: shape[shape.length - 1] as number });
  const ref = matMul64(op(a, c.aShape), op(b, c.bShape), c.transposeA, c.transposeB);
  const ta = tf.tensor(a, [...c.aShape]);
  const tb = tf.tensor(b, [...c.bShape]);
  const y = matMul(ta, tb, c.transposeA, c.transposeB);
  const got = (await y.data()) as Float32Array;
  tf.dispose([ta, tb, y]);
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs((got[i] ?? NaN) - (ref[i] as number)) || (Number.isNaN(got[i]) ? Infinity : 0));
    scale = Math.max(scale, Math.abs(ref[i] as number));
  }
  if (got.length !== ref.length) maxAbs = Infinity;
  const maxRel = maxAbs / Math.max(scale, 1e-30);
  return { name: c.name, maxAbsError: maxAbs, maxRelError: maxRel, pass: c.inputs === 'exact' ? maxAbs === 0 : maxRel <= RANDOM_TOLERANCE };
}
