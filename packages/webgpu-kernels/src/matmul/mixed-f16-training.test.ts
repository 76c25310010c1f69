import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { withInitSeed } from '@spectromix/mixer';
import { AdamW, DynamicLossScaler, createLoss, createLrSchedule, fit, type StepEvent } from '@spectromix/train';
import { memorySource, syntheticSet, TinyClassifier, weightsOf } from '@spectromix/train/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { installSpectromixKernels, uninstallSpectromixKernels } from '../install/install.js';
import { startMatMulLog, takeMatMulLog } from './launch-log.js';

const K = 4;
const F = 8;
const T = 5;

/** Why this device cannot run f16 matmuls (no shader-f16), or undefined (lavapipe can: it offers shader-f16). */
let unavailable: string | undefined;

beforeAll(async () => {
  const choice = await initBackend('webgpu', { matmulPrecision: 'auto' });
  const device = (tf.backend() as { device?: GPUDevice }).device;
  unavailable = device?.features.has('shader-f16') === true ? undefined : `the WebGPU device (${String(choice.details['description'] ?? 'unnamed')}) lacks shader-f16`;
  // As an app does after initBackend: the fused kernels, the Mixer ops (bias epilogues) and the Adam update.
  installSpectromixKernels();
});

afterAll(() => {
  registerFastWebGPUKernels({ matMulPrecision: 'fp32' });
  uninstallSpectromixKernels();
});

/** One epoch (6 steps of 8) of the tiny classifier, with matmuls in `precision` and a loss scaler starting at `initScale`. */
async function run(precision: 'fp32' | 'f16', initScale: number) {
  registerFastWebGPUKernels({ matMulPrecision: precision });
  const model = withInitSeed(5, () => new TinyClassifier(F, 16, K));
  const optimizer = new AdamW(model.trainableParameters(), { lr: 0.01 });
  const train = memorySource(syntheticSet(48, K, F, T, 11), K, F, T, 8, 5);
  const events: StepEvent[] = [];
  startMatMulLog();
  await fit({
    model,
    optimizer,
    loss: createLoss('softmax-ce'),
    train,
    schedule: createLrSchedule({ kind: 'constant', lr: 0.01 }),
    epochs: 1,
    lossScaler: new DynamicLossScaler({ initScale, growthInterval: 1000 }),
    onStep: (e) => events.push(e),
  });
  const plans = takeMatMulLog().map((l) => l.plan);
  const weights = await weightsOf(model);
  optimizer.dispose();
  model.dispose();
  registerFastWebGPUKernels({ matMulPrecision: 'fp32' });
  return { events, plans, weights };
}

describe('mixed precision on f16 matmuls (WebGPU with shader-f16: lavapipe in CI)', () => {
  it('trains as fp32 does within f16 rounding, on f16 kernels', async (ctx) => {
    if (unavailable != null) ctx.skip(unavailable);
    const fp32 = await run('fp32', 256);
    const f16 = await run('f16', 256);
    // The forward products carry a bias epilogue and stay fp32; the backward products (dx, dW) run in f16.
    expect(f16.plans.filter((p) => p.startsWith('f16')).length).toBe(5 * 6);
    expect(fp32.plans.some((p) => p.startsWith('f16'))).toBe(false);
    expect(f16.events.map((e) => e.skipped)).toEqual(new Array(6).fill(false));
    for (let i = 0; i < 6; i++) {
      const a = fp32.events[i]!.loss;
      const b = f16.events[i]!.loss;
      expect(Math.abs(a - b) / a).toBeLessThan(1e-2);
    }
    // Not the fp32 run in disguise: f16 rounding changed the weights somewhere.
    expect(f16.weights).not.toEqual(fp32.weights);
  });

  it('a scale whose gradients overflow f16 (but not f32) is lowered until they fit, skipping those steps', async (ctx) => {
    if (unavailable != null) ctx.skip(unavailable);
    // Softmax-CE gradients of the logits are about 0.1 / 8 per entry: times 2^24 they pass f16's 65504 (f32's range is
    // far from it), so the f16 rounding of the backward products makes them infinite.
    const fp32 = await run('fp32', 2 ** 24);
    expect(fp32.events.map((e) => e.skipped)).toEqual(new Array(6).fill(false));
    const f16 = await run('f16', 2 ** 24);
    const skipped = f16.events.filter((e) => e.skipped === true).length;
    expect(f16.events[0]?.skipped).toBe(true);
    expect(skipped).toBeGreaterThan(0);
    expect(skipped).toBeLessThan(6);
    // Each skip halved the scale; the steps after the last skip updated the weights with finite values.
    expect(f16.events[5]?.lossScale).toBe(2 ** (24 - skipped));
    expect(f16.events[5]?.skipped).toBe(false);
    expect(f16.weights.every((w) => Number.isFinite(w))).toBe(true);
  });
});
