import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
// Everything stateful comes through the package's entry, so the built `testing` entry shares its update registry.
import { Adam, AdamW, clipCoefficient, clipGradNorm, setAdamUpdate, tfjsAdamUpdate, type AdamUpdate, type OptimizerState } from '../index.js';

/** One optimiser the conformance suite steps. */
export interface AdamUpdateCase {
  /** The test's name. */
  readonly name: string;
  /** Adam with an L2 term, or AdamW. */
  readonly kind: 'adam' | 'adamw';
}

/** Options of {@link describeAdamUpdateConformance}. */
export interface AdamUpdateConformanceOptions {
  /** Backends to run on (default: `SPECTROMIX_BACKENDS` or cpu, wasm and webgpu). */
  readonly backends?: readonly tf.BackendName[];
  /** Called before the update's steps of each case (e.g. to reset launch counters). */
  readonly beforeCase?: (c: AdamUpdateCase) => void;
  /** Called after four steps of each case with the update (e.g. to check which kernels launched). */
  readonly afterCase?: (c: AdamUpdateCase) => void;
}

const CASES: readonly AdamUpdateCase[] = [
  { name: 'Adam with an L2 term', kind: 'adam' },
  { name: 'AdamW', kind: 'adamw' },
];
const HYPER = { lr: 0.01, betas: [0.9, 0.99] as [number, number], eps: 1e-8, weightDecay: 0.05 };
const SHAPES: Readonly<Record<string, readonly number[]>> = { w: [3, 4], b: [4], wide: [33, 17] };
const CLOSE = { rtol: 1e-6, atol: 1e-7 };

function values(shape: readonly number[], seed: number): Float32Array {
  const rng = new tf.SeededRng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
}

const params = (): Map<string, tf.Variable> => new Map(Object.entries(SHAPES).map(([k, s], i) => [k, tf.variable(tf.tensor(values(s, 10 + i), [...s]))]));
const gradsAt = (step: number): Map<string, tf.Tensor> => new Map(Object.entries(SHAPES).map(([k, s], i) => [k, tf.tensor(values(s, 100 * (step + 1) + i), [...s])]));
const optimiser = (kind: AdamUpdateCase['kind'], p: Map<string, tf.Variable>): Adam => (kind === 'adam' ? new Adam(p, HYPER) : new AdamW(p, HYPER));

function stepWith(opt: Adam, step: number, gradScale?: tf.Tensor): void {
  const grads = gradsAt(step);
  opt.step(grads, gradScale == null ? {} : { gradScale });
  grads.forEach((g) => g.dispose());
}

interface Run {
  readonly params: Map<string, Float32Array>;
  readonly state: Map<string, Float32Array>;
  readonly meta: OptimizerState['meta'];
}

async function readRun(p: Map<string, tf.Variable>, opt: Adam): Promise<Run> {
  const saved = opt.getState();
  const state = new Map<string, Float32Array>();
  for (const [key, t] of saved.tensors) state.set(`${key} [${t.shape.join(',')}]`, (await t.data()) as Float32Array);
  const out = new Map<string, Float32Array>();
  for (const [k, v] of p) out.set(k, (await v.data()) as Float32Array);
  saved.tensors.forEach((t) => t.dispose());
  return { params: out, state, meta: saved.meta };
}

async function runSteps(kind: AdamUpdateCase['kind'], steps: number): Promise<Run> {
  const p = params();
  const opt = optimiser(kind, p);
  for (let s = 0; s < steps; s++) stepWith(opt, s);
  const out = await readRun(p, opt);
  opt.dispose();
  p.forEach((v) => v.dispose());
  return out;
}

/** Runs `fn` on the cpu backend with tfjs ops (the reference), then switches back. */
async function onCpu<T>(fn: () => Promise<T>): Promise<T> {
  const back = tf.getBackend();
  await initBackend('cpu');
  setAdamUpdate('cpu', tfjsAdamUpdate);
  try {
    return await fn();
  } finally {
    setAdamUpdate('cpu', null);
    await tf.setBackend(back);
  }
}

/**
 * The one conformance suite of {@link AdamUpdate} (every backend's implementation passes the same tests): with
 * `update` chosen for the backend, Adam and AdamW steps equal tfjs ops on the cpu backend (parameters and saved
 * state to 1e-6, the state format included), a state saved after its steps restores into an optimiser of either
 * update, switching updates mid-run converts the moments and leaks nothing, and a clipping `gradScale` equals
 * clipped gradients. `@spectromix/train` runs it for tfjs ops; a backend plug-in for the update it installs.
 * Needs vitest (call it from a test file).
 * @param title the suite's title.
 * @param update the implementation under test.
 */
export function describeAdamUpdateConformance(title: string, update: AdamUpdate, options: AdamUpdateConformanceOptions = {}): void {
  describeBackends(
    `${title}: AdamUpdate conformance`,
    ({ backend }) => {
      const using = async <T>(fn: () => Promise<T>): Promise<T> => {
        setAdamUpdate(backend, update);
        try {
          return await fn();
        } finally {
          setAdamUpdate(backend, null);
        }
      };

      for (const c of CASES) {
        it(`${c.name}: four steps equal the cpu tfjs-ops steps to 1e-6, state format included`, async () => {
          options.beforeCase?.(c);
          const actual = await using(() => runSteps(c.kind, 4));
          options.afterCase?.(c);
          const expected = await onCpu(() => runSteps(c.kind, 4));
          for (const [k, v] of expected.params) expectAllClose(actual.params.get(k) as Float32Array, v, CLOSE, k);
          expect([...actual.state.keys()]).toEqual([...expected.state.keys()]);
          for (const [key, v] of expected.state) expectAllClose(actual.state.get(key) as Float32Array, v, { rtol: 1e-6, atol: 1e-12 }, key);
          expect(actual.meta).toEqual(expected.meta);
        });
      }

      it('a state saved after its steps restores exactly into an optimiser of the same update, and to rounding into tfjs ops', async () => {
        await using(async () => {
          const pa = params();
          const a = optimiser('adamw', pa);
          [0, 1].forEach((s) => stepWith(a, s));
          const state = a.getState();
          const clone = (): Map<string, tf.Variable> => new Map([...pa].map(([k, v]) => [k, tf.variable(tf.clone(v))] as const));
          const pb = clone();
          const b = optimiser('adamw', pb);
          b.setState(state);
          const pc = clone();
          const cOpt = optimiser('adamw', pc);
          cOpt.setState(state);
          state.tensors.forEach((t) => t.dispose());
          for (const s of [2, 3]) {
            stepWith(a, s);
            stepWith(b, s);
            setAdamUpdate(backend, tfjsAdamUpdate);
            stepWith(cOpt, s);
            setAdamUpdate(backend, update);
          }
          for (const k of pa.keys()) {
            expect(Array.from(await pb.get(k)!.data()), k).toEqual(Array.from(await pa.get(k)!.data()));
            expectAllClose(await pc.get(k)!.data(), await pa.get(k)!.data(), CLOSE, `${k}, tfjs ops after restore`);
          }
          expect(b.stepCount).toBe(a.stepCount);
          [a, b, cOpt].forEach((o) => o.dispose());
          [pa, pb, pc].forEach((p) => p.forEach((v) => v.dispose()));
        });
      });

      it('switching to tfjs ops and back mid-run converts the moments and leaks nothing', async () => {
        const expected = await onCpu(() => runSteps('adam', 3));
        await using(async () => {
          const p = params();
          const opt = optimiser('adam', p);
          stepWith(opt, 0);
          const tensors = tf.memory().numTensors;
          setAdamUpdate(backend, tfjsAdamUpdate);
          stepWith(opt, 1);
          setAdamUpdate(backend, update);
          stepWith(opt, 2);
          expect(tf.memory().numTensors).toBe(tensors);
          const actual = await readRun(p, opt);
          for (const [k, v] of expected.params) expectAllClose(actual.params.get(k) as Float32Array, v, CLOSE, k);
          for (const [key, v] of expected.state) expectAllClose(actual.state.get(key) as Float32Array, v, { rtol: 1e-5, atol: 1e-9 }, key);
          opt.dispose();
          p.forEach((v) => v.dispose());
        });
      });

      it('step(grads, { gradScale: coef }) equals step(clipGradNorm(grads).grads)', async () => {
        await using(async () => {
          const runWith = async (scaled: boolean): Promise<Map<string, Float32Array>> => {
            const p = params();
            const opt = optimiser('adamw', p);
            for (let s = 0; s < 3; s++) {
              const grads = gradsAt(s);
              if (scaled) {
                const { coef, totalNorm } = clipCoefficient(grads, 1);
                opt.step(grads, { gradScale: coef });
                tf.dispose([coef, totalNorm]);
              } else {
                const clipped = clipGradNorm(grads, 1);
                opt.step(clipped.grads);
                clipped.grads.forEach((g) => g.dispose());
                clipped.totalNorm.dispose();
              }
              grads.forEach((g) => g.dispose());
            }
            const out = (await readRun(p, opt)).params;
            opt.dispose();
            p.forEach((v) => v.dispose());
            return out;
          };
          const scaled = await runWith(true);
          const clipped = await runWith(false);
          for (const [k, v] of clipped) expectAllClose(scaled.get(k) as Float32Array, v, CLOSE, k);
        });
      });
    },
    options.backends,
  );
}
