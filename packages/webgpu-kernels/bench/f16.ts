/**
 * The f16 section of the GPU benchmark: the f16 subgroup-matrix matmul's correctness on the card (the cases of its
 * test, plus a 1024^3 random product, against float64), then its time at the 4096^3 square and the model's large
 * products beside the fp32 kernel, on the planner's tile and on each tile of a sweep.
 */
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { registerFastWebGPUKernels } from '../src/register.js';
import { asWebGPUBackend } from '../src/backend.js';
import { f16Fragment } from '../src/matmul/f16-caps.js';
import { F16_TILES } from '../src/matmul/f16-plan.js';
import type { F16Tile } from '../src/matmul/f16-types.js';
import { matMulGeometry } from '../src/matmul/run-matmul.js';
import { runF16MatMul } from '../src/matmul/run-f16-matmul.js';
import { startMatMulLog, takeMatMulLog } from '../src/matmul/launch-log.js';
import { F16_CHECK_CASES, checkF16Case, type F16CheckCase, type F16CheckResult } from '../src/testing/f16-cases.js';
import { matMulCases, matMulFlops, type MatMulCase } from './cases.js';
import { relError, timeOp, type BenchRow, type Timing } from './timing.js';

/** A timed variant of one product. */
export type F16Row = BenchRow;

/** What the section found. */
export interface F16Section {
  readonly fragment: unknown;
  readonly checks: ReadonlyArray<F16CheckResult & { tile: string; errors?: string }>;
  readonly rows: readonly F16Row[];
}

/** The products the section times: the square and the model's large products (names as in cases.ts, so PyTorch's match). */
export function f16Cases(quick: boolean): MatMulCase[] {
  const wanted = ['square 4096^3', 'channel fc1 [', 'channel fc1 torch layout', 'channel fc2 [', 'channel fc1 dX', 'channel fc1 dW', 'token fc1 W[', 'token fc2 W['];
  return matMulCases(quick).filter((c) => quick || wanted.some((w) => c.name.startsWith(w)));
}

/** The tiles swept besides the planner's choice (a 64-deep K step of the large tile too). */
const SWEEP: Record<string, F16Tile> = {
  f16Large: F16_TILES.f16Large,
  f16Wide: F16_TILES.f16Wide,
  f16Large8: F16_TILES.f16Large8,
  f16Medium: F16_TILES.f16Medium,
  f16LargeK64: { ...F16_TILES.f16Large, tileK: 64 },
  f16Large8K64: { ...F16_TILES.f16Large8, tileK: 64 },
};

/** A product on a forced f16 tile, as a tensor. */
function forced(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean, tile: F16Tile): Tensor {
  const g = matMulGeometry(a, b, transposeA, transposeB);
  if (typeof g === 'string') throw new Error(g);
  const out = runF16MatMul(asWebGPUBackend(tf.backend()), { a, b, transposeA, transposeB }, g, tile);
  if (typeof out === 'string') throw new Error(out);
  return tf.engine().makeTensorFromTensorInfo(out.out);
}

/** Runs `fn` inside validation and internal error scopes; returns the errors Dawn reported (shader compile errors among them). */
async function withErrorScopes<T>(device: GPUDevice, fn: () => Promise<T>): Promise<{ value?: T; errors: string }> {
  device.pushErrorScope('validation');
  device.pushErrorScope('internal');
  let value: T | undefined;
  let thrown = '';
  try {
    value = await fn();
  } catch (error) {
    thrown = String(error);
  }
  const internal = await device.popErrorScope();
  const validation = await device.popErrorScope();
  const errors = [thrown, internal?.message ?? '', validation?.message ?? ''].filter((x) => x !== '').join(' | ');
  return value === undefined ? { errors } : { value, errors };
}

const BIG_CHECK: F16CheckCase = { name: 'random [1024,1024]x[1024,1024]', aShape: [1024, 1024], bShape: [1024, 1024], transposeA: false, transposeB: false, inputs: 'random' };

/** Runs the section (nothing but a printed reason where the device has no subgroup matrices). */
export async function f16Section(quick: boolean, print: (rows: readonly F16Row[]) => void): Promise<F16Section> {
  const device = asWebGPUBackend(tf.backend()).device;
  const fragment = f16Fragment(device);
  if (typeof fragment === 'string') {
    console.log(`f16 section skipped: ${fragment}`);
    return { fragment, checks: [], rows: [] };
  }
  console.log(`f16 fragment ${JSON.stringify(fragment)}`);
  const checks: Array<F16CheckResult & { tile: string; errors?: string }> = [];
  for (const [tileName, tile] of Object.entries(SWEEP)) {
    for (const c of quick ? F16_CHECK_CASES : [...F16_CHECK_CASES, BIG_CHECK]) {
      const r = await withErrorScopes(device, () => checkF16Case(c, (a, b, ta, tb) => forced(a, b, ta, tb, tile)));
      const result = r.value ?? { name: c.name, maxAbsError: NaN, maxRelError: NaN, pass: false };
      checks.push({ ...result, tile: tileName, ...(r.errors === '' ? {} : { errors: r.errors.slice(0, 2000) }) });
      console.log(`check ${tileName.padEnd(13)} ${c.name.padEnd(42)} ${result.pass ? 'PASS' : 'FAIL'} max abs ${result.maxAbsError.toExponential(2)} rel ${result.maxRelError.toExponential(2)}${r.errors === '' ? '' : ` ERRORS ${r.errors.slice(0, 600)}`}`);
      if (r.errors !== '' && c === F16_CHECK_CASES[0]) break;
    }
  }
  const rows: F16Row[] = [];
  for (const c of f16Cases(quick)) {
    const flops = matMulFlops(c);
    const a = tf.randomNormal(c.aShape, 0, 1, 'float32', 1);
    const b = tf.randomNormal(c.bShape, 0, 1, 'float32', 2);
    const row = (variant: string, t: Timing, relErr?: number, note?: string): F16Row => ({ kernel: c.name, variant, ms: t.ms, kernelMs: t.kernelMs, tflops: flops / (t.kernelMs ?? t.ms) / 1e9, relErr, note });
    const op = () => tf.matMul(a, b, c.transposeA, c.transposeB);
    registerFastWebGPUKernels({ matMulPrecision: 'fp32' });
    const reference = op();
    rows.push(row('fp32 (planner)', await timeOp(op, { gpuTime: true })));
    registerFastWebGPUKernels({ matMulPrecision: 'f16' });
    startMatMulLog();
    const y = op();
    const plan = takeMatMulLog().map((l) => l.plan).join(' ');
    rows.push(row('f16 (planner)', await timeOp(op, { gpuTime: true }), await relError(y, reference), plan));
    y.dispose();
    registerFastWebGPUKernels({ matMulPrecision: 'fp32' });
    for (const [tileName, tile] of Object.entries(SWEEP)) {
      const run = () => forced(a, b, c.transposeA, c.transposeB, tile);
      const r = await withErrorScopes(device, async () => {
        const out = run();
        const e = await relError(out, reference);
        out.dispose();
        return row(`f16 ${tileName}`, await timeOp(run, { gpuTime: true }), e);
      });
      rows.push(r.value ?? { kernel: c.name, variant: `f16 ${tileName}`, ms: NaN, note: `failed: ${r.errors.slice(0, 300)}` });
    }
    tf.dispose([a, b, reference]);
    print(rows.filter((r) => r.kernel === c.name));
  }
  return { fragment, checks, rows };
}
