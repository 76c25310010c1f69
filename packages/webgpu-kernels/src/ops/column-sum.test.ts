import { afterEach, beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { uniform } from '../reference/float64.js';
import { read } from '../testing/helpers.js';
import { columnSumLanes } from '../programs/column-sum-program.js';
import { columnSum, rowSum } from './grad-ops.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };

/** Float64 sums of `[rows, cols]` (times `y`) down the rows. */
function columnSum64(x: Float32Array, rows: number, cols: number, y?: Float32Array): Float64Array {
  const out = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] = (out[c] as number) + (x[r * cols + c] as number) * (y == null ? 1 : (y[r * cols + c] as number));
  return out;
}

/** The tfjs webgpu backend's program runner (internal; counted in tests only). */
interface ProgramRunner {
  runWebGPUProgram: (...args: unknown[]) => unknown;
}

describeBackends('columnSum and rowSum', (ctx) => {
  let restore: (() => void) | undefined;
  beforeAll(() => {
    registerFastWebGPUKernels();
  });
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  /** Counts GPU programs run while `fn` runs (0 off webgpu). */
  function countPrograms(fn: () => tf.Tensor): { out: tf.Tensor; programs: number } {
    if (ctx.backend !== 'webgpu') return { out: fn(), programs: 0 };
    const backend = tf.backend() as unknown as ProgramRunner;
    const original = backend.runWebGPUProgram;
    let programs = 0;
    backend.runWebGPUProgram = (...args: unknown[]) => {
      programs += 1;
      return original.apply(backend, args);
    };
    restore = () => {
      backend.runWebGPUProgram = original;
    };
    const out = fn();
    restore();
    restore = undefined;
    return { out, programs };
  }

  // Tall (many row lanes), wide and short (many column lanes), scalar columns, a single row.
  for (const [rows, cols] of [
    [5000, 8],
    [3, 260],
    [129, 6],
    [1, 12],
  ] as const) {
    it(`columnSum [${rows}, ${cols}] matches float64 in one launch`, async () => {
      const x = uniform(rows * cols, rows + cols, -1, 1);
      const { out, programs } = countPrograms(() => columnSum(tf.tensor(x, [rows, cols])));
      expect(out.shape).toEqual([cols]);
      expectAllClose(await read(out), columnSum64(x, rows, cols), TOL, 'columnSum');
      if (ctx.backend === 'webgpu') expect(programs).toBe(1);
    });
  }

  it('columnSum(x, y) sums the product without materialising it', async () => {
    const shape = [2, 70, 12];
    const x = uniform(1680, 21, -1, 1);
    const y = uniform(1680, 22, -1, 1);
    const { out, programs } = countPrograms(() => columnSum(tf.tensor(x, shape), tf.tensor(y, shape)));
    expectAllClose(await read(out), columnSum64(x, 140, 12, y), TOL, 'columnSum of a product');
    if (ctx.backend === 'webgpu') expect(programs).toBe(1);
  });

  for (const [batch, rows, cols] of [
    [3, 5, 12],
    [2, 7, 301],
  ] as const) {
    it(`rowSum [${batch}, ${rows}, ${cols}] sums over the batch and the last axis`, async () => {
      const x = uniform(batch * rows * cols, batch + rows + cols, -1, 1);
      const want = new Float64Array(rows);
      for (let b = 0; b < batch; b++) for (let m = 0; m < rows; m++) for (let c = 0; c < cols; c++) want[m] = (want[m] as number) + (x[(b * rows + m) * cols + c] as number);
      const { out, programs } = countPrograms(() => rowSum(tf.tensor(x, [batch, rows, cols])));
      expect(out.shape).toEqual([rows]);
      expectAllClose(await read(out), want, TOL, 'rowSum');
      if (ctx.backend === 'webgpu') expect(programs).toBe(1);
    });
  }
});

it('columnSumLanes fills a workgroup down the rows when rows are many, across columns when few', () => {
  const limits = { maxThreads: 1024, maxShared: 16384, maxPerDim: 65535 };
  expect(columnSumLanes(19200, 96, 4, limits)).toEqual({ colLanes: 8, rowLanes: 128 });
  expect(columnSumLanes(32, 28800, 4, limits)).toEqual({ colLanes: 32, rowLanes: 32 });
  expect(columnSumLanes(19200, 96, 4, { ...limits, maxThreads: 256 })).toEqual({ colLanes: 8, rowLanes: 32 });
  expect(columnSumLanes(1, 3, 1, limits)).toEqual({ colLanes: 32, rowLanes: 1 });
});
