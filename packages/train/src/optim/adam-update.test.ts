import { describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { describeAdamUpdateConformance } from '../testing.js';
import { loadReference } from '../test-utils/fixtures.js';
import { Adam, AdamW } from './adam.js';
import { clipCoefficient, clipGradNorm } from './clip.js';
import { adamUpdateFor, installAdamUpdate, setAdamUpdate } from './adam-update-select.js';
import { tfjsAdamUpdate } from './adam-update-tfjs.js';

const ref = loadReference();
type Case = (typeof ref.optimisers)[number];

const CLOSE = { rtol: 1e-6, atol: 1e-7 };

describe('adamUpdateFor', () => {
  it('picks a setAdamUpdate choice, else an installed update, else tfjs ops', () => {
    expect(adamUpdateFor('webgpu')).toBe(tfjsAdamUpdate);
    expect(adamUpdateFor('cpu')).toBe(tfjsAdamUpdate);
    const plugin = { ...tfjsAdamUpdate, name: 'plug-in' };
    const other = { ...tfjsAdamUpdate, name: 'override' };
    installAdamUpdate('webgpu', plugin);
    try {
      expect(adamUpdateFor('webgpu')).toBe(plugin);
      expect(adamUpdateFor('wasm')).toBe(tfjsAdamUpdate);
      setAdamUpdate('webgpu', other);
      expect(adamUpdateFor('webgpu')).toBe(other);
      setAdamUpdate('webgpu', null);
      expect(adamUpdateFor('webgpu')).toBe(plugin);
    } finally {
      setAdamUpdate('webgpu', null);
      installAdamUpdate('webgpu', null);
    }
    expect(adamUpdateFor('webgpu')).toBe(tfjsAdamUpdate);
  });
});

// tfjs ops on every backend pass the suite a backend plug-in's update runs (against tfjs ops on cpu).
describeAdamUpdateConformance('tfjsAdamUpdate', tfjsAdamUpdate);

describeBackends('gradScale (clipping inside the update)', () => {
  it('step(grads, { gradScale: coef }) equals step(clipGradNorm(grads).grads)', async () => {
    const c = ref.optimisers.find((o) => o.name === 'adamw-clip') as Case;
    const runWith = async (fused: boolean): Promise<Float32Array> => {
      const w = tf.variable(tf.tensor2d(c.init.w, [3, 4]));
      const b = tf.variable(tf.tensor1d(c.init.b));
      const opt = new AdamW(new Map<string, tf.Variable>([['w', w], ['b', b]]), { lr: c.lr, betas: c.betas, eps: c.eps, weightDecay: c.weightDecay });
      for (const s of c.steps) {
        const grads = new Map<string, tf.Tensor>([['w', tf.tensor2d(s.grads.w, [3, 4])], ['b', tf.tensor1d(s.grads.b)]]);
        if (fused) {
          const { coef, totalNorm } = clipCoefficient(grads, c.clip as number);
          opt.step(grads, { gradScale: coef });
          tf.dispose([coef, totalNorm]);
        } else {
          const clipped = clipGradNorm(grads, c.clip as number);
          opt.step(clipped.grads);
          clipped.grads.forEach((g) => g.dispose());
          clipped.totalNorm.dispose();
        }
        grads.forEach((g) => g.dispose());
      }
      const out = (await w.data()) as Float32Array;
      opt.dispose();
      tf.dispose([w, b]);
      return out;
    };
    const scaled = await runWith(true);
    expectAllClose(scaled, await runWith(false), CLOSE, 'w');
    expectAllClose(scaled, c.steps[c.steps.length - 1]!.w, { rtol: 0, atol: 1e-6 }, 'w vs torch');
  });

  it('clipCoefficient handles more gradients than a kernel can bind (40) and matches float64', async () => {
    const grads = new Map<string, tf.Tensor>();
    let sum = 0;
    for (let i = 0; i < 40; i++) {
      const values = Float32Array.from({ length: 3 + (i % 5) }, (_, j) => Math.sin(i * 7 + j) * (1 + i / 10));
      values.forEach((v) => (sum += v * v));
      grads.set(`p${i}`, tf.tensor1d(values));
    }
    const { coef, totalNorm } = clipCoefficient(grads, 1);
    const norm = Math.sqrt(sum);
    expectAllClose(await totalNorm.data(), [norm], { rtol: 1e-6, atol: 0 }, 'totalNorm');
    expectAllClose(await coef.data(), [Math.min(1, 1 / (norm + 1e-6))], { rtol: 1e-6, atol: 0 }, 'coef');
    tf.dispose([coef, totalNorm, ...grads.values()]);
  });

  it('rejects a gradScale of more than one value', () => {
    const w = tf.variable(tf.zeros([2]));
    const opt = new Adam(new Map([['w', w]]));
    const g = new Map([['w', tf.ones([2])]]);
    const two = tf.ones([2]);
    expect(() => opt.step(g, { gradScale: two })).toThrow(/gradScale/);
    tf.dispose([w, two, ...g.values()]);
    opt.dispose();
  });
});
