import { afterEach, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { initBackend } from '@spectromix/tensor/node';
import { fastKernelStats, resetFastKernelStats } from '@spectromix/webgpu-kernels';
import { loadReference } from '../test-utils/fixtures.js';
import { Adam, AdamW } from './adam.js';
import { clipCoefficient, clipGradNorm } from './clip.js';
import { adamUpdateFor, setAdamUpdate } from './adam-update-select.js';
import { fusedAdamUpdate } from './adam-update-fused.js';
import { tfjsAdamUpdate } from './adam-update-tfjs.js';
import type { OptimizerState } from './optimizer.js';

const ref = loadReference();
type Case = (typeof ref.optimisers)[number];

interface Run {
  readonly w: Float32Array;
  readonly b: Float32Array;
  readonly state: Map<string, Float32Array>;
  readonly meta: OptimizerState['meta'];
}

/** Runs `steps` of a fixture case on the active backend; returns parameters and the saved state, read back. */
async function run(c: Case, steps: number): Promise<Run> {
  const w = tf.variable(tf.tensor2d(c.init.w, [3, 4]));
  const b = tf.variable(tf.tensor1d(c.init.b));
  const Opt = c.kind === 'adam' ? Adam : AdamW;
  const opt = new Opt(new Map<string, tf.Variable>([['w', w], ['b', b]]), { lr: c.lr, betas: c.betas, eps: c.eps, weightDecay: c.weightDecay });
  for (const s of c.steps.slice(0, steps)) {
    const grads = new Map<string, tf.Tensor>([['w', tf.tensor2d(s.grads.w, [3, 4])], ['b', tf.tensor1d(s.grads.b)]]);
    opt.step(grads);
    grads.forEach((g) => g.dispose());
  }
  const saved = opt.getState();
  const state = new Map<string, Float32Array>();
  for (const [key, t] of saved.tensors) state.set(`${key} [${t.shape.join(',')}]`, (await t.data()) as Float32Array);
  const out = { w: (await w.data()) as Float32Array, b: (await b.data()) as Float32Array, state, meta: saved.meta };
  saved.tensors.forEach((t) => t.dispose());
  opt.dispose();
  tf.dispose([w, b]);
  return out;
}

/** Runs `fn` on the cpu backend (the tfjs-ops reference), then switches back. */
async function onCpu<T>(fn: () => Promise<T>): Promise<T> {
  const back = tf.getBackend();
  await initBackend('cpu');
  try {
    return await fn();
  } finally {
    await tf.setBackend(back);
  }
}

const CLOSE = { rtol: 1e-6, atol: 1e-7 };

describeBackends(
  'fused Adam on WebGPU',
  () => {
    afterEach(() => setAdamUpdate('webgpu', null));

    it('is the built-in choice on webgpu, and tfjs ops elsewhere', () => {
      expect(adamUpdateFor('webgpu')).toBe(fusedAdamUpdate);
      expect(adamUpdateFor('cpu')).toBe(tfjsAdamUpdate);
      expect(adamUpdateFor('wasm')).toBe(tfjsAdamUpdate);
    });

    for (const name of ['adam-l2', 'adamw']) {
      it(`${name}: fused steps equal the cpu reference steps to 1e-6, state format included`, async () => {
        const c = ref.optimisers.find((o) => o.name === name) as Case;
        resetFastKernelStats();
        const fused = await run(c, 4);
        // Step 1: the variables share their buffers with their initial tensors (still alive), so each takes the
        // two-launch update and gets a buffer of its own; steps 2-4 update in place, one dispatch per parameter.
        expect(fastKernelStats().fast['spectromix.AdamMoments']).toBe(2);
        expect(fastKernelStats().fast['spectromix.AdamParam']).toBe(2);
        expect(fastKernelStats().fast['spectromix.AdamInPlace']).toBe(6);
        const cpu = await onCpu(() => run(c, 4));
        expectAllClose(fused.w, cpu.w, CLOSE, 'w');
        expectAllClose(fused.b, cpu.b, CLOSE, 'b');
        expect([...fused.state.keys()]).toEqual([...cpu.state.keys()]);
        for (const [key, values] of cpu.state) expectAllClose(fused.state.get(key) as Float32Array, values, { rtol: 1e-6, atol: 1e-12 }, key);
        expect(fused.meta).toEqual(cpu.meta);
      });
    }

    it('a state saved after fused steps restores exactly, into a fused or a tfjs-ops optimiser', async () => {
      const c = ref.optimisers.find((o) => o.name === 'adamw') as Case;
      const params = () => new Map<string, tf.Variable>([['w', tf.variable(tf.tensor2d(c.init.w, [3, 4]))], ['b', tf.variable(tf.tensor1d(c.init.b))]]);
      const make = (p: Map<string, tf.Variable>) => new AdamW(p, { lr: c.lr, betas: c.betas, eps: c.eps, weightDecay: c.weightDecay });
      const stepWith = (opt: AdamW, s: Case['steps'][number]) => {
        const grads = new Map<string, tf.Tensor>([['w', tf.tensor2d(s.grads.w, [3, 4])], ['b', tf.tensor1d(s.grads.b)]]);
        opt.step(grads);
        grads.forEach((g) => g.dispose());
      };
      const pa = params();
      const a = make(pa);
      c.steps.slice(0, 2).forEach((s) => stepWith(a, s));
      const state = a.getState();
      const pb = new Map([...pa].map(([k, v]) => [k, tf.variable(tf.clone(v))] as const));
      const b = make(pb);
      b.setState(state);
      const pc = new Map([...pa].map(([k, v]) => [k, tf.variable(tf.clone(v))] as const));
      const cOpt = make(pc);
      cOpt.setState(state);
      state.tensors.forEach((t) => t.dispose());
      for (const s of c.steps.slice(2)) {
        stepWith(a, s);
        stepWith(b, s);
        setAdamUpdate('webgpu', tfjsAdamUpdate);
        stepWith(cOpt, s);
        setAdamUpdate('webgpu', null);
      }
      // Same kernels from the same state: bit for bit. The tfjs-ops path from the same state: to rounding.
      expect(Array.from(await pb.get('w')!.data())).toEqual(Array.from(await pa.get('w')!.data()));
      expect(Array.from(await pb.get('b')!.data())).toEqual(Array.from(await pa.get('b')!.data()));
      expectAllClose(await pc.get('w')!.data(), await pa.get('w')!.data(), CLOSE, 'w, tfjs ops after restore');
      expect(b.stepCount).toBe(a.stepCount);
      const last = c.steps[c.steps.length - 1]!;
      expectAllClose(await pa.get('w')!.data(), last.w, { rtol: 0, atol: 1e-6 }, 'w vs torch');
      [a, b, cOpt].forEach((o) => o.dispose());
      [pa, pb, pc].forEach((p) => p.forEach((v) => v.dispose()));
    });

    it('switching between the fused and the tfjs-ops update mid-run converts the moments and leaks nothing', async () => {
      const c = ref.optimisers.find((o) => o.name === 'adam-l2') as Case;
      const w = tf.variable(tf.tensor2d(c.init.w, [3, 4]));
      const b = tf.variable(tf.tensor1d(c.init.b));
      const opt = new Adam(new Map<string, tf.Variable>([['w', w], ['b', b]]), { lr: c.lr, betas: c.betas, eps: c.eps, weightDecay: c.weightDecay });
      const grads = (i: number) => new Map<string, tf.Tensor>([['w', tf.tensor2d(c.steps[i]!.grads.w, [3, 4])], ['b', tf.tensor1d(c.steps[i]!.grads.b)]]);
      const stepAt = (i: number) => {
        const g = grads(i);
        opt.step(g);
        g.forEach((t) => t.dispose());
      };
      stepAt(0);
      const tensors = tf.memory().numTensors;
      setAdamUpdate('webgpu', tfjsAdamUpdate);
      stepAt(1);
      setAdamUpdate('webgpu', null);
      stepAt(2);
      expect(tf.memory().numTensors).toBe(tensors);
      const s = c.steps[2]!;
      expectAllClose(await w.data(), s.w, { rtol: 0, atol: 1e-6 }, 'w vs torch');
      const state = opt.getState();
      expectAllClose(await state.tensors.get('exp_avg_sq/b')!.data(), s.expAvgSq.b, { rtol: 1e-5, atol: 1e-9 }, 'exp_avg_sq');
      state.tensors.forEach((t) => t.dispose());
      opt.dispose();
      tf.dispose([w, b]);
    });
  },
  ['webgpu'],
);

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
