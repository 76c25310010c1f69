import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { fastKernelStats, resetFastKernelStats } from '../stats.js';
import { uniform } from '../reference/float64.js';
import { KernelShapeError } from '../errors.js';
import { adamUpdate, type AdamUpdateOptions } from './adam-update.js';
import { ADAM_IN_PLACE, adamUpdateInPlace, type AdamInPlaceOptions } from './adam-update-in-place.js';

// Parameters of every shader variant's size class: vec4 ([3, 4], [8]) and scalar ([7], [5]).
const SHAPES = [[3, 4], [7], [8], [5]];
const STEPS = 3;
const OPTIONS: [string, Omit<AdamInPlaceOptions, 'gradScale'>, number?][] = [
  ['Adam', { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8 }],
  ['Adam L2', { lr: 3e-3, beta1: 0.95, beta2: 0.999, eps: 1e-6, weightDecay: 0.1 }],
  ['AdamW, scaled gradient', { lr: 2e-3, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0.05, decoupled: true }, 0.37],
];

interface Params {
  readonly params: tf.Variable[];
  moments: tf.Tensor[];
}

function makeParams(seed: number): Params {
  return {
    // In a tidy, so the initial tensors go and each variable owns its buffer alone.
    params: tf.tidy(() => SHAPES.map((s, i) => tf.variable(tf.tensor(uniform(tf.util.sizeFromShape(s), seed + i), s)))),
    moments: SHAPES.map((s) => tf.zeros([2 * tf.util.sizeFromShape(s)])),
  };
}

const gradsOf = (step: number) => SHAPES.map((s, i) => tf.tensor(uniform(tf.util.sizeFromShape(s), 100 + 10 * step + i, -2, 2), s));

/** The two-launch path: adamUpdate per parameter, assigned back. */
function stepTwoLaunch(p: Params, grads: tf.Tensor[], options: Omit<AdamUpdateOptions, 'step'>, steps: number[]): void {
  p.params.forEach((param, i) => {
    const next = adamUpdate(param, grads[i] as tf.Tensor, p.moments[i] as tf.Tensor, { ...options, step: steps[i] as number });
    param.assign(next.param);
    next.param.dispose();
    (p.moments[i] as tf.Tensor).dispose();
    p.moments[i] = next.moments;
  });
}

async function values(p: Params): Promise<number[][]> {
  return Promise.all([...p.params, ...p.moments].map(async (t) => Array.from(await t.data())));
}

function dispose(p: Params): void {
  tf.dispose([...p.params, ...p.moments]);
}

describeBackends('adamUpdateInPlace', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
  });

  if (ctx.backend !== 'webgpu') {
    it('updates nothing without the fused kernels (the caller runs adamUpdate)', async () => {
      const p = makeParams(1);
      const before = await values(p);
      const grads = gradsOf(0);
      expect(adamUpdateInPlace(p.params.map((param, i) => ({ param, grad: grads[i] as tf.Tensor, moments: p.moments[i] as tf.Tensor, step: 1 })), OPTIONS[0]![1])).toEqual([false, false, false, false]);
      expect(await values(p)).toEqual(before);
      tf.dispose(grads);
      dispose(p);
    });
    return;
  }

  for (const [label, options, scaleValue] of OPTIONS) {
    it(`${label}: ${STEPS} steps of 4 parameters equal the two-launch kernels bit for bit, in one dispatch each`, async () => {
      const scale = scaleValue == null ? undefined : tf.tensor1d([scaleValue]);
      const inPlace = makeParams(7);
      const twoLaunch = makeParams(7);
      const tensors = tf.memory().numTensors;
      resetFastKernelStats();
      for (let s = 0; s < STEPS; s++) {
        const grads = gradsOf(s);
        // Per-parameter steps may differ (a parameter that had no gradient once): the last one lags by one.
        const steps = SHAPES.map((_, i) => (i === SHAPES.length - 1 ? s + 1 : s + 2));
        const done = adamUpdateInPlace(
          inPlace.params.map((param, i) => ({ param, grad: grads[i] as tf.Tensor, moments: inPlace.moments[i] as tf.Tensor, step: steps[i] as number })),
          { ...options, gradScale: scale },
        );
        expect(done).toEqual([true, true, true, true]);
        stepTwoLaunch(twoLaunch, grads, { ...options, gradScale: scale }, steps);
        tf.dispose(grads);
      }
      expect(fastKernelStats().fast[ADAM_IN_PLACE]).toBe(STEPS * SHAPES.length);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(await values(inPlace)).toEqual(await values(twoLaunch));
      scale?.dispose();
      dispose(inPlace);
      dispose(twoLaunch);
    });
  }

  it('reads after an in-place step return the new values (tfjs drops its cached CPU copy)', async () => {
    const p = makeParams(3);
    const grads = gradsOf(0);
    const before = await values(p);
    const items = p.params.map((param, i) => ({ param, grad: grads[i] as tf.Tensor, moments: p.moments[i] as tf.Tensor, step: 1 }));
    adamUpdateInPlace(items, OPTIONS[0]![1]);
    const after = await values(p);
    after.forEach((v, i) => expect(v).not.toEqual(before[i]));
    expect(Array.from(p.params[0]!.dataSync())).toEqual(after[0]);
    tf.dispose(grads);
    dispose(p);
  });

  it('leaves parameters and moments that share their buffer with another tensor to the caller', async () => {
    const p = makeParams(5);
    const grads = gradsOf(0);
    const view = tf.reshape(p.params[1] as tf.Tensor, [-1]); // shares the buffer of parameter 1
    const momentsCopy = tf.clone(p.moments[2] as tf.Tensor); // shares the buffer of moments 2
    const before = await values(p);
    const done = adamUpdateInPlace(p.params.map((param, i) => ({ param, grad: grads[i] as tf.Tensor, moments: p.moments[i] as tf.Tensor, step: 1 })), OPTIONS[0]![1]);
    expect(done).toEqual([true, false, false, true]);
    const after = await values(p);
    expect(after[1]).toEqual(before[1]);
    expect(after[2]).toEqual(before[2]);
    expect(Array.from(await view.data())).toEqual(before[1]);
    tf.dispose([view, momentsCopy, ...grads]);
    dispose(p);
  });

  it('validates every item like adamUpdate', () => {
    const param = tf.zeros([2, 3]);
    const bad = [{ param, grad: tf.zeros([3, 2]), moments: tf.zeros([12]), step: 1 }];
    expect(() => adamUpdateInPlace(bad, OPTIONS[0]![1])).toThrow(KernelShapeError);
    tf.dispose([param, bad[0]!.grad, bad[0]!.moments]);
  });
});
