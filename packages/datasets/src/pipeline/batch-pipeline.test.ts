import { describe, expect, it } from 'vitest';
import { collectBatches } from '../../test/helpers.js';
import { DatasetOptionsError } from '../errors.js';
import { MemoryFeatureStore } from '../features/feature-store.js';
import type { AudioRecord } from '../types.js';
import { createBatchPipeline } from './batch-pipeline.js';
import type { BatchPipelineOptions } from './types.js';

const T = 6;
const F = 4;

/** Row r has every value = r (so mixups are easy to check), or frame index t in every cell with `byFrame`. */
function setup(n: number, labelOf: (i: number) => number, byFrame = false): { store: MemoryFeatureStore; records: AudioRecord[] } {
  const rows = Array.from({ length: n }, (_, r) => Float32Array.from({ length: T * F }, (_, i) => (byFrame ? Math.floor(i / F) : r)));
  const records = rows.map((_, i) => ({ path: `/d/${i}.wav`, label: String(labelOf(i)), labelIndex: labelOf(i), meta: {} }));
  return { store: new MemoryFeatureStore(rows, T, F), records };
}


function options(extra: Partial<BatchPipelineOptions> = {}): BatchPipelineOptions {
  const { store, records } = setup(10, (i) => i % 3);
  return { store, records, indices: [...records.keys()], numClasses: 3, batchSize: 4, shuffle: true, seed: 5, ...extra };
}

describe('createBatchPipeline: order, determinism, resume', () => {
  it('visits every example once per epoch, in a seeded order that changes per epoch', async () => {
    const p = createBatchPipeline(options());
    expect(p.batchesPerEpoch).toBe(3);
    const e0 = await collectBatches(p.epoch(0));
    expect(e0.map((b) => b.size)).toEqual([4, 4, 2]);
    const seen = e0.flatMap((b) => Array.from(b.indices));
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const e1 = (await collectBatches(p.epoch(1))).flatMap((b) => Array.from(b.indices));
    expect(e1).not.toEqual(seen);
    for (const b of e0) {
      expect(Array.from(b.labels)).toEqual(Array.from(b.indices, (i) => i % 3));
      for (let s = 0; s < b.size; s++) expect(b.x[s * T * F]).toBe(b.indices[s]);
    }
  });

  it('gives identical batches for the same seed, replays an epoch from startBatch, and tracks state', async () => {
    const aug = { mixup: { alpha: 1, prob: 0.5 }, specAugment: { freqMaskParam: 2, timeMaskParam: 3 }, noise: 0.1, timeRoll: true };
    const a = createBatchPipeline(options(aug));
    const b = createBatchPipeline(options(aug));
    const full = await collectBatches(a.epoch(2));
    expect(await collectBatches(b.epoch(2))).toEqual(full);
    const c = createBatchPipeline(options({ ...aug, prefetch: 0 }));
    const tail = await collectBatches(c.epoch(2, 1));
    expect(tail).toEqual(full.slice(1));
    expect(c.state()).toEqual({ seed: 5, epoch: 3, batch: 0, batchesPerEpoch: 3 });
    const other = await collectBatches(createBatchPipeline(options({ ...aug, seed: 6 })).epoch(2));
    expect(other.map((x) => Array.from(x.indices))).not.toEqual(full.map((x) => Array.from(x.indices)));
    for await (const batch of a.epoch(0)) {
      expect(batch.index).toBe(0);
      break;
    }
    expect(a.state()).toMatchObject({ epoch: 0, batch: 1 });
  });

  it('keeps the given order without shuffle and drops the last batch when asked', async () => {
    const p = createBatchPipeline(options({ shuffle: false, dropLast: true, indices: [9, 3, 5, 1, 7] }));
    const batches = await collectBatches(p.epoch(0));
    expect(batches.map((b) => Array.from(b.indices))).toEqual([[9, 3, 5, 1]]);
  });
});

describe('createBatchPipeline: sampling and augmentation', () => {
  it('balances classes with balanced sampling', async () => {
    const { store, records } = setup(100, (i) => (i < 90 ? 0 : 1));
    const p = createBatchPipeline({ store, records, indices: [...records.keys()], numClasses: 2, batchSize: 50, shuffle: true, seed: 1, balanced: true });
    let ones = 0;
    let total = 0;
    for (let e = 0; e < 10; e++) {
      for (const b of await collectBatches(p.epoch(e))) {
        ones += b.labels.reduce((a, l) => a + l, 0);
        total += b.size;
      }
    }
    expect(total).toBe(1000);
    expect(ones / total).toBeGreaterThan(0.45);
    expect(ones / total).toBeLessThan(0.55);
  });

  it('mixes features and labels with the same lambda, soft labels summing to 1', async () => {
    const p = createBatchPipeline(options({ mixup: { alpha: 10 } }));
    const lambdas: number[] = [];
    for (const b of await collectBatches(p.epoch(0))) {
      for (let s = 0; s < b.size; s++) {
        const y = Array.from(b.y.subarray(s * 3, s * 3 + 3));
        expect(y.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
        const own = b.indices[s] as number;
        const mixed = b.x[s * T * F] as number;
        const lambdaOwn = (y[own % 3] as number);
        // x = lambda * own + (1 - lambda) * partner, constant over the row
        expect(b.x.subarray(s * T * F, (s + 1) * T * F).every((v) => Math.abs(v - mixed) < 1e-4)).toBe(true);
        if (lambdaOwn < 1) lambdas.push(lambdaOwn);
      }
    }
    expect(lambdas.length).toBeGreaterThan(3);
    for (const l of lambdas) expect(l).toBeGreaterThan(0.05);
  });

  it('normalises as (x - mean) / (2 std) and adds noise in [0, noise)', async () => {
    const plain = await collectBatches(createBatchPipeline(options({ normalize: { mean: 1, std: 2 } })).epoch(0));
    for (const b of plain) for (let s = 0; s < b.size; s++) expect(b.x[s * T * F]).toBeCloseTo(((b.indices[s] as number) - 1) / 4, 6);
    const noisy = await collectBatches(createBatchPipeline(options({ normalize: { mean: 1, std: 2 }, noise: 0.1 })).epoch(0));
    for (const [k, b] of noisy.entries()) {
      const d = b.x.map((v, i) => v - (plain[k]?.x[i] as number));
      expect(Math.min(...d)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...d)).toBeLessThan(0.1);
    }
  });

  it('masks whole frequency bands and time spans with SpecAugment (mask value 0 before normalising)', async () => {
    const { store, records } = setup(8, () => 0);
    const rows = records.map((_, i) => i + 1);
    const p = createBatchPipeline({ store, records, indices: rows.map((r) => r - 1).filter((r) => r > 0), numClasses: 1, batchSize: 7, shuffle: false, seed: 3, specAugment: { freqMaskParam: 3, timeMaskParam: 4 } });
    const [b] = await collectBatches(p.epoch(0));
    let masked = 0;
    for (let s = 0; s < (b?.size ?? 0); s++) {
      const x = b?.x.subarray(s * T * F, (s + 1) * T * F) as Float32Array;
      for (let t = 0; t < T; t++) {
        for (let f = 0; f < F; f++) {
          if (x[t * F + f] !== 0) continue;
          masked++;
          const fullFrame = [0, 1, 2, 3].every((g) => x[t * F + g] === 0);
          const fullBand = [0, 1, 2, 3, 4, 5].every((u) => x[u * F + f] === 0);
          expect(fullFrame || fullBand).toBe(true);
        }
      }
    }
    expect(masked).toBeGreaterThan(0);
  });

  it('rolls along time by a shift in [-10, 10)', async () => {
    const { store, records } = setup(6, () => 0, true);
    const p = createBatchPipeline({ store, records, indices: [0, 1, 2, 3, 4, 5], numClasses: 1, batchSize: 6, shuffle: false, seed: 2, timeRoll: { maxShift: 2 } });
    const [b] = await collectBatches(p.epoch(0));
    const shifts = new Set<number>();
    for (let s = 0; s < 6; s++) {
      const first = b?.x[s * T * F] as number;
      const shift = (T - first) % T;
      for (let t = 0; t < T; t++) expect(b?.x[s * T * F + t * F]).toBe((t - shift + T) % T);
      shifts.add(shift > T / 2 ? shift - T : shift);
    }
    for (const s of shifts) expect(s >= -2 && s < 2).toBe(true);
  });
});

describe('createBatchPipeline: bad input', () => {
  it('leaves out rows without features and reports them', async () => {
    const rows = [Float32Array.from({ length: T * F }, () => 1), null, Float32Array.from({ length: T * F }, () => 2)];
    const store = new MemoryFeatureStore(rows, T, F, [{ path: '/1.wav', reason: 'empty clip', index: 1 }]);
    const records = rows.map((_, i) => ({ path: `/${i}.wav`, label: 'a', labelIndex: 0, meta: {} }));
    const p = createBatchPipeline({ store, records, indices: [0, 1, 2], numClasses: 1, batchSize: 2, shuffle: true, seed: 0 });
    expect(p.skipped).toEqual([1]);
    expect(p.size).toBe(2);
    expect((await collectBatches(p.epoch(0))).flatMap((b) => Array.from(b.indices)).sort()).toEqual([0, 2]);
    expect(() => createBatchPipeline({ store, records, indices: [1], numClasses: 1, batchSize: 2, shuffle: true, seed: 0 })).toThrow('none of the 1 indices has features');
  });

  it.each([
    [{ numClasses: 2 }, 'labelIndex 2, outside 0..1'],
    [{ batchSize: 0 }, 'batchSize must be a positive integer'],
    [{ indices: [10] }, 'index 10 is not a row'],
    [{ mixup: { alpha: 0 } }, 'mixup needs alpha > 0'],
    [{ normalize: { mean: 0, std: 0 } }, 'std > 0'],
    [{ specAugment: { freqMaskParam: 1.5, timeMaskParam: 2 } }, 'integer freqMaskParam'],
    [{ timeRoll: { maxShift: -1 } }, 'timeRoll.maxShift'],
    [{ prefetch: -1 }, 'prefetch must be an integer >= 0'],
    [{ records: [] }, 'the store has 10 rows but 0 records'],
  ] as [Partial<BatchPipelineOptions>, string][])('refuses %j', (extra, message) => {
    expect(() => createBatchPipeline(options(extra))).toThrow(DatasetOptionsError);
    expect(() => createBatchPipeline(options(extra))).toThrow(message);
  });
});
