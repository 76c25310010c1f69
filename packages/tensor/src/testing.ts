/**
 * Test helpers shared by every spectromix package: run a suite once per backend (cpu, wasm and webgpu by
 * default, `SPECTROMIX_BACKENDS=cpu,wasm` to narrow it locally), compare arrays with tolerances, and check
 * gradients against central finite differences. Node only (WebGPU comes from Dawn); needs vitest.
 * @packageDocumentation
 */
import { afterAll, beforeAll, describe } from 'vitest';
import './index.js';
import { disposeVariables, getBackend, grad, tensor, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { initBackend } from './node.js';
import { isBackendName, type BackendName } from './backend-types.js';
import { memorySnapshot } from './leaks.js';

/** Backends the conformance suites run on unless `SPECTROMIX_BACKENDS` says otherwise. */
export const DEFAULT_TEST_BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgpu'];

/** Tolerances per backend: WebGPU computes in f32 with different summation order and fast math. */
export interface Tolerance {
  /** Relative tolerance. */
  readonly rtol: number;
  /** Absolute tolerance. */
  readonly atol: number;
}

/** What a per-backend suite receives. */
export interface BackendContext {
  /** The backend this suite runs on (already active inside tests). */
  readonly backend: BackendName;
  /** Suggested tolerance on this backend. */
  readonly tol: Tolerance;
}

/** The backends to test, from `SPECTROMIX_BACKENDS` (comma-separated) or {@link DEFAULT_TEST_BACKENDS}. */
export function backendsUnderTest(): BackendName[] {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['SPECTROMIX_BACKENDS'];
  if (env == null || env.trim() === '') return [...DEFAULT_TEST_BACKENDS];
  const names = env.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) if (!isBackendName(n)) throw new Error(`SPECTROMIX_BACKENDS names unknown backend '${n}'`);
  return names as BackendName[];
}

/** Default tolerance of a backend. */
export function toleranceFor(backend: BackendName): Tolerance {
  return backend === 'webgpu' || backend === 'webgl' ? { rtol: 1e-4, atol: 1e-5 } : { rtol: 1e-5, atol: 1e-6 };
}

/**
 * Declares `body` once per backend under test, as `describe('<title> [<backend>]')`. The backend is
 * initialised in `beforeAll` (a backend that cannot start fails the suite; it is never skipped), and variables
 * created by the suite are disposed in `afterAll`.
 */
export function describeBackends(title: string, body: (ctx: BackendContext) => void, backends: readonly BackendName[] = backendsUnderTest()): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        const choice = await initBackend(backend);
        if (getBackend() !== backend) throw new Error(`backend ${backend} did not activate (${choice.reason})`);
      }, 60_000);
      afterAll(() => disposeVariables());
      body({ backend, tol: toleranceFor(backend) });
    });
  }
}

/**
 * Throws a descriptive error unless every element satisfies `|a - e| <= atol + rtol * |e|`.
 * @returns the largest absolute error, for reporting.
 */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Partial<Tolerance> = {}, label = 'values'): number {
  const rtol = tol.rtol ?? 1e-5;
  const atol = tol.atol ?? 1e-6;
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length} != expected ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const err = Math.abs(a - e);
    if (!(err <= atol + rtol * Math.abs(e))) {
      throw new Error(`${label}: element ${i} is ${a}, expected ${e} (abs error ${err.toExponential(3)} > atol ${atol} + rtol ${rtol} * |expected|)`);
    }
    if (err > worst) worst = err;
  }
  return worst;
}

/**
 * Central finite-difference gradient of a scalar function of one tensor, computed in float64 arithmetic over
 * float32 evaluations. Use small inputs: it evaluates `f` twice per element.
 */
export async function finiteDifferenceGrad(f: (x: Tensor) => Tensor, x: Float32Array, shape: number[], eps = 1e-2): Promise<Float64Array> {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const plus = Float32Array.from(x);
    const minus = Float32Array.from(x);
    plus[i] = (plus[i] as number) + eps;
    minus[i] = (minus[i] as number) - eps;
    const fp = tidy(() => f(tensor(plus, shape)));
    const fm = tidy(() => f(tensor(minus, shape)));
    const [vp, vm] = await Promise.all([fp.data(), fm.data()]);
    fp.dispose();
    fm.dispose();
    out[i] = ((vp[0] as number) - (vm[0] as number)) / (2 * eps);
  }
  return out;
}

/** Analytic gradient of a scalar function of one tensor, as a plain array. */
export async function analyticGrad(f: (x: Tensor) => Tensor, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const g = tidy(() => grad(f)(tensor(x, shape)));
  const data = (await g.data()) as Float32Array;
  g.dispose();
  return data;
}

/** Tensor count now, for before/after leak assertions inside tests. */
export function liveTensors(): number {
  return memorySnapshot().numTensors;
}

export { runTensorConformance } from './conformance.js';
