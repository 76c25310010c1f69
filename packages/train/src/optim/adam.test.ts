import { describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { checkLeaks } from '@spectromix/tensor';
import { loadReference } from '../test-utils/fixtures.js';
import { Adam, AdamW } from './adam.js';
import { clipGradNorm } from './clip.js';
import { CheckpointMismatchError, TrainConfigError } from '../errors.js';

const ref = loadReference();

function setup(c: (typeof ref.optimisers)[number]) {
  const w = tf.variable(tf.tensor2d(c.init.w, [3, 4]));
  const b = tf.variable(tf.tensor1d(c.init.b));
  const params = new Map<string, tf.Variable>([['w', w], ['b', b]]);
  const Opt = c.kind === 'adam' ? Adam : AdamW;
  const opt = new Opt(params, { lr: c.lr, betas: c.betas, eps: c.eps, weightDecay: c.weightDecay });
  return { w, b, params, opt };
}

describeBackends('Adam/AdamW match torch.optim', ({ tol }) => {
  for (const c of ref.optimisers) {
    it(`${c.name}: fed torch's gradients, parameters and moments match to 1e-6`, async () => {
      const { w, b, params, opt } = setup(c);
      for (const s of c.steps) {
        const grads = new Map<string, tf.Tensor>([['w', tf.tensor2d(s.grads.w, [3, 4])], ['b', tf.tensor1d(s.grads.b)]]);
        opt.step(grads);
        grads.forEach((g) => g.dispose());
        expectAllClose(await w.data(), s.w, { rtol: 0, atol: 1e-6 }, `${c.name} w`);
        expectAllClose(await b.data(), s.b, { rtol: 0, atol: 1e-6 }, `${c.name} b`);
      }
      const state = opt.getState();
      const last = c.steps[c.steps.length - 1]!;
      expectAllClose(await state.tensors.get('exp_avg/w')!.data(), last.expAvg.w, { rtol: 1e-5, atol: 1e-7 }, 'exp_avg');
      expectAllClose(await state.tensors.get('exp_avg_sq/b')!.data(), last.expAvgSq.b, { rtol: 1e-5, atol: 1e-9 }, 'exp_avg_sq');
      expect(state.meta.step).toBe(c.steps.length);
      state.tensors.forEach((t) => t.dispose());
      opt.dispose();
      params.forEach((p) => p.dispose());
    });

    it(`${c.name}: end to end with tfjs gradients${c.clip != null ? ' and clipping' : ''} stays within tolerance`, async () => {
      const { w, b, params, opt } = setup(c);
      const x = tf.tensor2d(c.x, [5, 3]);
      const y = tf.tensor2d(c.y, [5, 4]);
      for (const s of c.steps) {
        let norm: tf.Scalar | undefined;
        const loss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar, [w, b]);
          let named = new Map<string, tf.Tensor>([['w', grads[w.name]!], ['b', grads[b.name]!]]);
          if (c.clip != null) {
            const clipped = clipGradNorm(named, c.clip);
            named = clipped.grads;
            norm = tf.keep(clipped.totalNorm);
          }
          opt.step(named);
          return value;
        });
        if (norm != null) {
          expect(Math.abs((await norm.data())[0]! - s.totalNorm!)).toBeLessThan(1e-5 * s.totalNorm!);
          norm.dispose();
        }
        expect(Math.abs((await loss.data())[0]! - s.loss)).toBeLessThan(Math.max(tol.rtol, 1e-5) * (1 + s.loss));
        loss.dispose();
      }
      const last = c.steps[c.steps.length - 1]!;
      expectAllClose(await w.data(), last.w, { rtol: 0, atol: Math.max(tol.atol, 1e-6) * 10 }, `${c.name} w`);
      opt.dispose();
      [x, y].forEach((t) => t.dispose());
      params.forEach((p) => p.dispose());
    });
  }

  it('a step leaks no tensor once the moments exist', async () => {
    const c = ref.optimisers[3]!;
    const { params, opt } = setup(c);
    const grads = new Map<string, tf.Tensor>([['w', tf.ones([3, 4])], ['b', tf.ones([4])]]);
    opt.step(grads);
    await checkLeaks(() => opt.step(grads), { label: 'AdamW.step' });
    await checkLeaks(() => clipGradNorm(grads, 1), { label: 'clipGradNorm', release: (r) => { r.totalNorm.dispose(); r.grads.forEach((g) => g.dispose()); } });
    grads.forEach((g) => g.dispose());
    opt.dispose();
    params.forEach((p) => p.dispose());
  });
});

describe('optimizer state', () => {
  it('save then restore into a fresh optimiser continues exactly like the original', async () => {
    const c = ref.optimisers[4]!;
    const a = setup(c);
    const stepWith = (opt: Adam, s: (typeof c.steps)[number]) => {
      const grads = new Map<string, tf.Tensor>([['w', tf.tensor2d(s.grads.w, [3, 4])], ['b', tf.tensor1d(s.grads.b)]]);
      opt.step(grads);
      grads.forEach((g) => g.dispose());
    };
    stepWith(a.opt, c.steps[0]!);
    stepWith(a.opt, c.steps[1]!);
    const state = a.opt.getState();
    const bw = tf.variable(tf.clone(a.w));
    const bb = tf.variable(tf.clone(a.b));
    const bOpt = new AdamW(new Map<string, tf.Variable>([['w', bw], ['b', bb]]), { lr: c.lr, weightDecay: c.weightDecay });
    bOpt.setState(state);
    state.tensors.forEach((t) => t.dispose());
    for (const s of c.steps.slice(2)) {
      stepWith(a.opt, s);
      stepWith(bOpt, s);
    }
    expect(Array.from(await bw.data())).toEqual(Array.from(await a.w.data()));
    expect(bOpt.stepCount).toBe(a.opt.stepCount);
    a.opt.dispose();
    bOpt.dispose();
    [a.w, a.b, bw, bb].forEach((v) => v.dispose());
  });

  it('refuses a state from another optimiser or with wrong shapes', () => {
    const w = tf.variable(tf.zeros([2, 2]));
    const adam = new Adam(new Map([['w', w]]));
    adam.step(new Map([['w', tf.ones([2, 2])]]));
    const state = adam.getState();
    const adamw = new AdamW(new Map([['w', w]]));
    expect(() => adamw.setState(state)).toThrow(CheckpointMismatchError);
    const other = tf.variable(tf.zeros([3]));
    expect(() => new Adam(new Map([['w', other]])).setState(state)).toThrow(/shape \[2, 2\].*\[3\]/);
    state.tensors.forEach((t) => t.dispose());
    adam.dispose();
    [w, other].forEach((v) => v.dispose());
  });

  it('rejects out-of-range hyper-parameters with a typed error', () => {
    const params = new Map<string, tf.Variable>();
    expect(() => new Adam(params, { betas: [1, 0.999] })).toThrow(TrainConfigError);
    expect(() => new Adam(params, { lr: -1 })).toThrow(/lr/);
    expect(() => new AdamW(params, { weightDecay: -0.1 })).toThrow(/weightDecay/);
    expect(() => clipGradNorm(new Map(), 0)).toThrow(/maxNorm/);
  });
});
