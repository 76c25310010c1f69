import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { installSpectromixKernels, uninstallSpectromixKernels } from '../install/install.js';
import { webgpuOps } from '../install/webgpu-mixer-ops.js';
import { startMatMulLog, takeMatMulLog } from '../matmul/launch-log.js';
import { matMulPrecision, setMatMulPrecision } from '../matmul/precision.js';
import { F16InferenceError } from '../errors.js';
import { f16InferenceActive, webgpuF16Inference } from './f16-inference.js';

/** Why this device cannot run f16 inference, or undefined (lavapipe can: it offers shader-f16). */
let unavailable: string | undefined;

beforeAll(async () => {
  // The plain set-up a page gets: no f16 toggles, only the features the adapter offers (lavapipe: shader-f16).
  await initBackend('webgpu');
  uninstallSpectromixKernels();
  // Before the kernels are installed, the ops cannot run f16 products and say what to do.
  expect(webgpuF16Inference.unavailable()).toMatch(/installSpectromixKernels\(\)/);
  installSpectromixKernels();
  unavailable = webgpuF16Inference.unavailable();
  if (unavailable != null) console.log(`f16 inference not checked here: ${unavailable}.`);
});

afterAll(() => {
  uninstallSpectromixKernels();
});

/** Values exactly representable in f16 would hide the rounding: these are not. */
function randomNonF16(shape: number[], seed: number): tf.Tensor {
  return tf.tidy(() => tf.add(tf.randomNormal(shape, 0, 1, 'float32', seed), 1e-4));
}

describe('webgpuF16Inference (webgpuOps declares it)', () => {
  it('is what webgpuOps declares', () => {
    expect(webgpuOps.f16Inference).toBe(webgpuF16Inference);
  });

  it('runs linear maps on f16 products with the epilogue in f32, reading the weights from their f16 copies', async (ctx) => {
    if (unavailable != null) ctx.skip(unavailable);
    const x = randomNonF16([40, 64], 1) as tf.Tensor2D;
    const w = randomNonF16([64, 96], 2) as tf.Tensor2D;
    const bias = randomNonF16([96], 3) as tf.Tensor1D;
    const residual = randomNonF16([40, 96], 4);
    const ops = (): tf.Tensor => webgpuOps.linear(x, w, bias, { activation: 'gelu', residual });
    const fp32 = ops();
    const scope = webgpuF16Inference.prepare([w, bias]);
    try {
      expect(scope.bytes).toBe(2 * 64 * 96); // the matrix only: the bias stays f32
      startMatMulLog();
      const f16 = scope.run(() => {
        expect(f16InferenceActive()).toBe(true);
        return ops();
      });
      const plans = takeMatMulLog().map((l) => l.plan);
      expect(f16InferenceActive()).toBe(false);
      expect(plans).toEqual(['f16 tiled 32x32x16 (shader-f16, f16 B)']);
      // Without the copies the kernel rounds the f32 weights as it loads them: the same values, bit for bit.
      setMatMulPrecision('f16');
      const rounded = tf.tidy(() => tf.add(webgpuOps.gelu(tf.add(tf.matMul(x, w), bias)), residual));
      setMatMulPrecision('fp32');
      expect(Array.from(await f16.data())).toEqual(Array.from(await rounded.data()));
      // Not fp32 in disguise, yet within f16 input rounding (2^-11 relative per operand) of it.
      const [a, b] = [await fp32.data(), await f16.data()];
      const diffs = Array.from(a, (v, i) => Math.abs(v - (b[i] as number)));
      expect(Math.max(...diffs)).toBeGreaterThan(0);
      expect(Math.max(...diffs)).toBeLessThan(0.05);
      tf.dispose([f16, rounded]);
    } finally {
      scope.dispose();
      tf.dispose([x, w, bias, residual, fp32]);
    }
  });

  it('frees every intermediate of the f16 linear maps (plain, rolled, token-wise)', (ctx) => {
    if (unavailable != null) ctx.skip(unavailable);
    const x = randomNonF16([2 * 4 * 5, 32], 5) as tf.Tensor2D;
    const w = randomNonF16([32, 48], 6) as tf.Tensor2D;
    const wt = randomNonF16([40, 24], 7) as tf.Tensor2D;
    const bias = randomNonF16([48], 8) as tf.Tensor1D;
    const plan = { grid: { freq: 4, time: 5 }, groups: 16, shiftF: [], shiftT: [0, 1, 2, 3], permutation: () => { throw new Error('unused'); } };
    const xt = tf.reshape(x, [1, 40, 32]) as tf.Tensor3D;
    const scope = webgpuF16Inference.prepare([w, wt]);
    try {
      const before = tf.memory().numTensors;
      const outs = scope.run(() => [
        webgpuOps.linear(x, w, bias, { activation: 'gelu' }),
        webgpuOps.rolledLinear(x, w, bias, plan as unknown as Parameters<typeof webgpuOps.rolledLinear>[3]),
        webgpuOps.linearTokens(xt, wt, null),
      ]);
      expect(tf.memory().numTensors).toBe(before + outs.length);
      expect(outs.map((o) => o.shape)).toEqual([[40, 48], [40, 48], [1, 24, 32]]);
      tf.dispose(outs);
    } finally {
      scope.dispose();
      tf.dispose([x, xt, w, wt, bias]);
    }
  });

  it('restores the precision in force after run, also when the forward pass throws; a disposed scope refuses to run', (ctx) => {
    if (unavailable != null) ctx.skip(unavailable);
    const scope = webgpuF16Inference.prepare([]);
    expect(matMulPrecision()).toBe('fp32');
    expect(() =>
      scope.run(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(matMulPrecision()).toBe('fp32');
    expect(f16InferenceActive()).toBe(false);
    scope.dispose();
    expect(() => scope.run(() => 1)).toThrow(F16InferenceError);
  });

  it('is unavailable off webgpu, and prepare then throws F16InferenceError', async () => {
    await initBackend('cpu');
    try {
      expect(webgpuF16Inference.unavailable()).toMatch(/active backend is 'cpu', not 'webgpu'/);
      expect(() => webgpuF16Inference.prepare([])).toThrow(F16InferenceError);
    } finally {
      await initBackend('webgpu');
    }
  });
});
