import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { asWebGPUBackend } from '../backend.js';
import { registerFastWebGPUKernels, unregisterFastWebGPUKernels } from '../register.js';
import { F16_CHECK_CASES, checkF16Case } from '../testing/f16-cases.js';
import { startMatMulLog, takeMatMulLog } from './launch-log.js';
import { matMulGeometry } from './run-matmul.js';
import { f16TiledUnavailable, runF16TiledMatMul } from './run-f16-tiled-matmul.js';

/** Why this device cannot run the shader-f16 kernel, or undefined (lavapipe can: it offers shader-f16). */
let unavailable: string | undefined;

beforeAll(async () => {
  await initBackend('webgpu', { matmulPrecision: 'auto' });
  unavailable = f16TiledUnavailable(asWebGPUBackend(tf.backend()).device);
  if (unavailable != null) console.log(`shader-f16 tiled matmul not checked here: ${unavailable}.`);
});

/** `op(a) @ op(b)` straight on the shader-f16 kernel. */
function tiledMatMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  const g = matMulGeometry(a, b, transposeA, transposeB);
  if (typeof g === 'string') throw new Error(g);
  const out = runF16TiledMatMul(asWebGPUBackend(tf.backend()), { a, b, transposeA, transposeB }, g);
  if (typeof out === 'string') throw new Error(out);
  return tf.engine().makeTensorFromTensorInfo(out.out);
}

describe('shader-f16 tiled matmul vs float64 (where the device has shader-f16)', () => {
  for (const c of F16_CHECK_CASES) {
    it(c.name, async (ctx) => {
      if (unavailable != null) ctx.skip(unavailable);
      const result = await checkF16Case(c, tiledMatMul);
      expect(result.pass, JSON.stringify(result)).toBe(true);
    });
  }

  it('rounds its inputs to f16 and accumulates in f32 (neither an fp32 product nor an f16 sum)', async (ctx) => {
    if (unavailable != null) ctx.skip(unavailable);
    // 1 + 2^-12 is 1 in f16 (11-bit significand): an fp32 product would keep the 2^-12 terms.
    const a = tf.fill([4, 64], 1 + 2 ** -12);
    const b = tf.ones([64, 4]);
    const y = tiledMatMul(a, b);
    expect(Array.from(await y.data())).toEqual(new Array(16).fill(64));
    // 4096 ones: an f16 accumulator stops at 2048 (2049 is not an f16 value); f32 counts on.
    const ones = tf.ones([2, 4096]);
    const col = tf.ones([4096, 4]);
    const s = tiledMatMul(ones, col);
    expect(Array.from(await s.data())).toEqual(new Array(8).fill(4096));
    tf.dispose([a, b, y, ones, col, s]);
  });

  it("under matMulPrecision 'f16' the model's products take it, gradients included, within f16 rounding of fp32", async (ctx) => {
    if (unavailable != null) ctx.skip(unavailable);
    const x = tf.randomUniform([120, 24], -1, 1, 'float32', 5);
    const w = tf.randomUniform([24, 36], -1, 1, 'float32', 6);
    const loss = (xs: tf.Tensor, ws: tf.Tensor) => tf.sum(tf.square(tf.matMul(xs, ws)));
    const grads = () => tf.grads((xs: tf.Tensor, ws: tf.Tensor) => loss(xs, ws))([x, w]);
    const [dx32, dw32] = grads();
    registerFastWebGPUKernels({ matMulPrecision: 'f16' });
    startMatMulLog();
    const [dx16, dw16] = grads();
    const plans = takeMatMulLog().map((l) => l.plan);
    registerFastWebGPUKernels({ matMulPrecision: 'fp32' });
    // The forward product and both gradients (dy @ W^T, X^T @ dy: transposed operands) run on it.
    expect(plans).toEqual(new Array(3).fill('f16 tiled 32x32x16 (shader-f16)'));
    for (const [f32, f16] of [[dx32, dx16], [dw32, dw16]] as const) {
      const want = (await f32!.data()) as Float32Array;
      const got = (await f16!.data()) as Float32Array;
      const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const err = want.reduce((m, v, i) => Math.max(m, Math.abs(v - (got[i] as number))), 0);
      // f16 rounds each input by up to 2^-11: a few times that relative to the largest entry, never more.
      expect(err / scale).toBeLessThan(5e-3);
      expect(err).toBeGreaterThan(0);
    }
    tf.dispose([x, w, dx32, dw32, dx16, dw16]);
    unregisterFastWebGPUKernels();
    registerFastWebGPUKernels();
  });
});
