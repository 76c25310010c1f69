import { describe, expect, it } from 'vitest';
import type { MatMulLaunch } from '@spectromix/webgpu-kernels';
import { censusTable, matMulCensus } from './matmul-census.js';

const product = (m: number, plan = '128x128x8/1'): MatMulLaunch => ({ kind: 'product', batch: 1, m, n: 1000, k: 1000, transposeA: false, transposeB: false, epilogue: 'none', roll: null, plan, flops: 2 * m * 1000 * 1000 });

describe('matMulCensus', () => {
  it('pairs matmul launches in order, skips other kernels, and adds a slice sum to its product', () => {
    const log: MatMulLaunch[] = [product(1000), product(1000), product(500, '128x128x8/4'), { ...product(500, '128x128x8/4'), kind: 'split-sum', flops: 0 }];
    const perLaunch = [
      { name: 'MatMulProgram', ms: 0.05 },
      { name: 'Object', ms: 1 },
      { name: 'MatMulProgram', ms: 0.05 },
      { name: 'MatMulProgram', ms: 0.02 },
      { name: 'MatMulSplitSumProgram', ms: 0.005 },
    ];
    const c = matMulCensus(perLaunch, log);
    expect(c.rows).toHaveLength(2);
    const [big, split] = c.rows;
    expect(big).toMatchObject({ launches: 2, gflop: 4, tflops: expect.closeTo(40, 6) as number });
    expect(split).toMatchObject({ launches: 1, gflop: 1, ms: expect.closeTo(0.025, 9) as number, tflops: expect.closeTo(40, 6) as number });
    expect(c.tflops).toBeCloseTo(5 / 0.125, 6);
    expect(c.shareAbove).toBe(1);
    expect(censusTable(c)).toContain('| **all matmuls of the step** | | 3 | 5.0 | 0.125 | **40.0** |');
  });

  it('reports the share of FLOPs in products below the threshold', () => {
    const c = matMulCensus([{ name: 'MatMulProgram', ms: 0.1 }, { name: 'MatMulProgram', ms: 0.05 }], [product(1000), product(1000, '128x192x8/1')]);
    expect(c.shareAbove).toBeCloseTo(0.5, 9);
  });

  it('refuses a profile and a log that disagree', () => {
    expect(() => matMulCensus([{ name: 'MatMulProgram', ms: 1 }], [])).toThrow(/1 matmul launches but the log 0/);
    expect(() => matMulCensus([{ name: 'MatMulSplitSumProgram', ms: 1 }], [product(10)])).toThrow(/launch 0/);
  });
});
