import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { fastKernelStats, resetFastKernelStats } from '../stats.js';
import { uniform } from '../reference/float64.js';
import { adamComposite } from '../reference/adam-composite.js';
import { read } from '../testing/helpers.js';
import { KernelShapeError } from '../errors.js';
import { adamStepConstants, adamUpdate, hasFusedAdam, type AdamUpdateOptions } from './adam-update.js';

interface Case {
  readonly label: string;
  readonly shape: number[];
  readonly options: Omit<AdamUpdateOptions, 'step' | 'gradScale'>;
  readonly scale?: number;
}

// [3, 4]: vec4 path; [7]: scalar path. Adam without decay, Adam with L2, AdamW, and a clipping scale.
const CASES: Case[] = [
  { label: 'Adam', shape: [3, 4], options: { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8 } },
  { label: 'Adam L2', shape: [7], options: { lr: 3e-3, beta1: 0.95, beta2: 0.999, eps: 1e-6, weightDecay: 0.1 } },
  { label: 'AdamW', shape: [3, 4], options: { lr: 1e-2, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0.05, decoupled: true } },
  { label: 'AdamW, scaled gradient', shape: [7], options: { lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupled: true }, scale: 0.37 },
];
const STEPS = 3;

/** torch.optim.Adam/AdamW in float64 (the float32 inputs widened), `STEPS` steps with the given gradients. */
function adam64(c: Case, p0: Float32Array, grads: Float32Array[]): { p: Float64Array; m: Float64Array; v: Float64Array } {
  const { lr, beta1, beta2, eps } = c.options;
  const wd = c.options.weightDecay ?? 0;
  const p = Float64Array.from(p0);
  const m = new Float64Array(p.length);
  const v = new Float64Array(p.length);
  grads.forEach((grad, s) => {
    const t = s + 1;
    for (let i = 0; i < p.length; i++) {
      let g = (grad[i] as number) * (c.scale ?? 1);
      if (c.options.decoupled === true) p[i] = (p[i] as number) * (1 - lr * wd);
      else g += wd * (p[i] as number);
      m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
      v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      const denom = Math.sqrt(v[i] as number) / Math.sqrt(1 - beta2 ** t) + eps;
      p[i] = (p[i] as number) - (lr / (1 - beta1 ** t)) * ((m[i] as number) / denom);
    }
  });
  return { p, m, v };
}

describeBackends('adamUpdate', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
    resetFastKernelStats();
  });

  CASES.forEach((c, ci) => {
    const n = c.shape.reduce((a, b) => a * b, 1);
    const p0 = uniform(n, 31 + ci);
    const grads = Array.from({ length: STEPS }, (_, s) => uniform(n, 41 + 7 * ci + s, -2, 2));

    it(`${c.label} ${JSON.stringify(c.shape)}: ${STEPS} steps match torch's formulas in float64`, async () => {
      let param = tf.tensor(p0, c.shape);
      let moments = tf.zeros([2 * n]);
      const scale = c.scale == null ? undefined : tf.tensor1d([c.scale]);
      for (let s = 0; s < STEPS; s++) {
        const grad = tf.tensor(grads[s] as Float32Array, c.shape);
        const next = adamUpdate(param, grad, moments, { ...c.options, step: s + 1, gradScale: scale });
        tf.dispose([param, moments, grad]);
        ({ param, moments } = next);
      }
      scale?.dispose();
      expect(param.shape).toEqual(c.shape);
      const want = adam64(c, p0, grads);
      const mv = await read(moments);
      expectAllClose(await read(param), want.p, { rtol: 1e-6, atol: 1e-7 }, 'param');
      expectAllClose(mv.subarray(0, n), want.m, { rtol: 1e-5, atol: 1e-7 }, 'exp_avg');
      expectAllClose(mv.subarray(n), want.v, { rtol: 1e-5, atol: 1e-9 }, 'exp_avg_sq');
    });

    it(`${c.label} ${JSON.stringify(c.shape)}: equals the tfjs composition to 1e-6 relative`, async () => {
      const param = tf.tensor(p0, c.shape);
      const grad = tf.tensor(grads[0] as Float32Array, c.shape);
      const moments = tf.tensor1d(uniform(2 * n, 51 + ci, 0, 0.5));
      const scale = c.scale == null ? undefined : tf.tensor1d([c.scale]);
      const options = { ...c.options, step: 4, gradScale: scale };
      const fused = adamUpdate(param, grad, moments, options);
      const composite = adamComposite(param, grad, moments, adamStepConstants(options), scale);
      expectAllClose(await read(fused.param), await read(composite.param), { rtol: 1e-6, atol: 1e-9 }, 'param');
      expectAllClose(await read(fused.moments), await read(composite.moments), { rtol: 1e-6, atol: 1e-12 }, 'moments');
      tf.dispose([param, grad, moments, ...(scale == null ? [] : [scale])]);
    });
  });

  it('rejects mismatched shapes, a wrong moments length and a bad step with typed errors', () => {
    const p = tf.zeros([2, 3]);
    const o = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1 };
    expect(() => adamUpdate(p, tf.zeros([3, 2]), tf.zeros([12]), o)).toThrow(KernelShapeError);
    expect(() => adamUpdate(p, tf.zeros([2, 3]), tf.zeros([6]), o)).toThrow(/expected \[12\]/);
    expect(() => adamUpdate(p, tf.zeros([2, 3]), tf.zeros([12]), { ...o, step: 0 })).toThrow(/step/);
    expect(() => adamUpdate(p, tf.zeros([2, 3]), tf.zeros([12]), { ...o, beta1: 1 })).toThrow(/beta1/);
  });

  it(ctx.backend === 'webgpu' ? 'ran the fused kernels, two launches per step' : 'uses the tfjs composition', () => {
    expect(hasFusedAdam()).toBe(ctx.backend === 'webgpu');
    if (ctx.backend !== 'webgpu') return;
    const fast = fastKernelStats().fast;
    expect(fast['spectromix.AdamMoments']).toBe(CASES.length * (STEPS + 1));
    expect(fast['spectromix.AdamParam']).toBe(CASES.length * (STEPS + 1));
  });
});
