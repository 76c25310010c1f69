import { join } from 'node:path';
import { readAudioFile } from '@spectromix/dsp/node';
import { perturbedPaddedFbank } from '@spectromix/features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_ROOT, collectBatches, tempDir } from '../../test/helpers.js';
import { DatasetOptionsError } from '../errors.js';
import { loadFsdd } from '../loaders/fsdd.js';
import { createBatchPipeline } from '../pipeline/batch-pipeline.js';
import type { AudioRecord } from '../types.js';
import { computeStats } from './compute-stats.js';
import { MemoryFeatureStore } from './feature-store.js';
import { FeatureCache } from './feature-cache.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

let clips: AudioRecord[] = [];
beforeAll(async () => {
  clips = (await loadFsdd(join(DATA_ROOT, 'fsdd'))).records.filter((_, i) => i % 300 === 0); // 10 clips, 5 speakers
});

describe('FeatureCache with a perturbation in its settings (training copies)', () => {
  it('keeps the unperturbed key for factor 1, gives each perturbation its own file, and stores perturbedPaddedFbank of the decoded clip', async () => {
    const dir = join(tmp.dir, 'perturb');
    const plain = new FeatureCache({ dir, settings: { targetLength: 64 } });
    expect(new FeatureCache({ dir, settings: { targetLength: 64, perturb: { speed: 1, vtlpAlpha: 1 } } }).keyFor(clips)).toBe(plain.keyFor(clips));
    const slow = new FeatureCache({ dir, settings: { targetLength: 64, perturb: { speed: 0.9 } } });
    const warped = new FeatureCache({ dir, settings: { targetLength: 64, perturb: { vtlpAlpha: 1.1 } } });
    const keys = new Set([plain.keyFor(clips), slow.keyFor(clips), warped.keyFor(clips)]);
    expect(keys.size).toBe(3);
    const store = await slow.features(clips, { workers: 0 });
    const other = await warped.features(clips, { workers: 0 });
    expect(store.header.settings.perturb).toEqual({ speed: 0.9, vtlpAlpha: 1 });
    const wave = (await readAudioFile((clips[2] as AudioRecord).path, { sampleRate: 16000, mono: true })).channelData[0] as Float32Array;
    for (const [s, p] of [[store, { speed: 0.9, vtlpAlpha: 1 }], [other, { speed: 1, vtlpAlpha: 1.1 }]] as const) {
      const want = perturbedPaddedFbank(wave, { sampleRate: 16000, targetLength: 64 }, p).padded;
      const got = s.get(2);
      let worst = 0;
      for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs((got[k] as number) - (want[k] as number)) / (1 + Math.abs(want[k] as number)));
      expect(worst).toBeLessThan(1e-3); // float16 storage
    }
    store.close();
    other.close();
  });

  it('refuses factors outside [0.5, 2] with a DatasetOptionsError naming the setting', () => {
    expect(() => new FeatureCache({ dir: tmp.dir, settings: { targetLength: 64, perturb: { speed: 3 } } })).toThrow(DatasetOptionsError);
    expect(() => new FeatureCache({ dir: tmp.dir, settings: { targetLength: 64, perturb: { vtlpAlpha: 0 } } })).toThrow(/perturb\.vtlpAlpha/);
  });
});

describe('batch pipeline with perturbed copies (variants)', () => {
  it('draws one copy per clip and epoch from (seed, epoch, row), the same on the worker thread, and replays it on resume', async () => {
    const settings = { targetLength: 64 };
    const dir = join(tmp.dir, 'variants');
    const base = await new FeatureCache({ dir, settings }).features(clips, { workers: 0 });
    const copies = [await new FeatureCache({ dir, settings: { ...settings, perturb: { speed: 0.9 } } }).features(clips, { workers: 0 }), base, await new FeatureCache({ dir, settings: { ...settings, perturb: { speed: 1.1 } } }).features(clips, { workers: 0 })];
    const rows = [...clips.keys()];
    const normalize = computeStats(base, rows);
    const opts = { store: base, records: clips, indices: rows, numClasses: 10, batchSize: 3, shuffle: true, seed: 4, normalize, mixup: { alpha: 2, prob: 0.5 }, variants: { stores: copies } };
    const off = createBatchPipeline(opts);
    const on = createBatchPipeline({ ...opts, offThread: false });
    const epochs = [0, 1, 2, 3];
    const a = [];
    for (const e of epochs) a.push(await collectBatches(off.epoch(e)));
    await off.close();
    for (const [k, e] of epochs.entries()) expect(await collectBatches(on.epoch(e))).toEqual(a[k]);
    // Resume from batch 2 of epoch 3: the same batches (and copies) as the full epoch.
    expect(await collectBatches(on.epoch(3, 2))).toEqual((a[3] ?? []).slice(2));

    // Which copy each example was read from: an example without a mixup partner equals one of the copies' inputs.
    const inputOf = (s: (typeof copies)[number], row: number): Float32Array => Float32Array.from(s.get(row), (v) => (v - normalize.mean) / (2 * normalize.std));
    const used = new Map<number, Set<number>>(); // row -> copies used over the epochs
    const plain = createBatchPipeline({ ...opts, mixup: undefined, offThread: false });
    for (const e of epochs) {
      const perEpoch = new Map<number, number>();
      for (const b of await collectBatches(plain.epoch(e))) {
        for (let s = 0; s < b.size; s++) {
          const row = b.indices[s] as number;
          const x = b.x.subarray(s * 64 * 128, (s + 1) * 64 * 128);
          const v = copies.findIndex((c) => inputOf(c, row).every((value, i) => Math.abs(value - (x[i] as number)) < 1e-6));
          expect(v, `row ${row} epoch ${e} is one of the copies`).toBeGreaterThanOrEqual(0);
          perEpoch.set(row, v);
          used.set(row, (used.get(row) ?? new Set()).add(v));
        }
      }
      expect(perEpoch.size).toBe(clips.length);
    }
    // Over 4 epochs the 10 clips use every copy, and at least one clip changes copy between epochs.
    expect(new Set([...used.values()].flatMap((s) => [...s]))).toEqual(new Set([0, 1, 2]));
    expect([...used.values()].some((s) => s.size > 1)).toBe(true);
    for (const c of copies) if (c !== base) c.close();
    base.close();
  });

  it('refuses copies of another shape, and speakers without one statistics entry per copy', async () => {
    const base = await new FeatureCache({ dir: join(tmp.dir, 'variants'), settings: { targetLength: 64 } }).features(clips, { workers: 0 });
    const short = await new FeatureCache({ dir: join(tmp.dir, 'variants'), settings: { targetLength: 32 } }).features(clips, { workers: 0 });
    const common = { store: base, records: clips, indices: [0, 1], numClasses: 10, batchSize: 2, shuffle: false, seed: 0, offThread: false };
    expect(() => createBatchPipeline({ ...common, variants: { stores: [base, short] } })).toThrow(/variants\.stores\[1\]/);
    expect(() => createBatchPipeline({ ...common, variants: { stores: [] } })).toThrow(DatasetOptionsError);
    const speakers = { speakerNormalization: 'mean-per-bin' as const, speakerRate: 'none' as const, ofRow: new Int32Array(clips.length), profiles: [{ binMeans: new Float32Array(128), meanActiveFrames: 10 }] };
    expect(() => createBatchPipeline({ ...common, normalize: { mean: 0, std: 1 }, speakers, variants: { stores: [base] } })).toThrow(/variants\.speakers/);
    base.close();
    short.close();
  });
});

describe('perturbed copies and per-speaker statistics', () => {
  it("subtracts each copy's own speaker means (a perturbed speaker is a new speaker, as in Kaldi)", async () => {
    const T = 4;
    const F = 3;
    const make = (offset: number): MemoryFeatureStore => new MemoryFeatureStore(Array.from({ length: 6 }, (_, r) => new Float32Array(T * F).fill(1 + r + offset)), T, F);
    const stores = [make(0), make(100)];
    const records = Array.from({ length: 6 }, (_, i) => ({ path: `/x/${i}.wav`, label: 'a', labelIndex: 0, speaker: 's', meta: {} }));
    const speakersOf = (mean: number) => ({ speakerNormalization: 'mean-per-bin' as const, speakerRate: 'none' as const, ofRow: new Int32Array(6), profiles: [{ binMeans: new Float32Array(F).fill(mean), meanActiveFrames: T }] });
    const p = createBatchPipeline({
      store: stores[0] as MemoryFeatureStore, records, indices: [0, 1, 2, 3, 4, 5], numClasses: 1, batchSize: 6, shuffle: false, seed: 1,
      normalize: { mean: 0, std: 0.5 }, speakers: speakersOf(-1000), variants: { stores, speakers: [speakersOf(1), speakersOf(100)] },
    });
    const [batch] = await collectBatches(p.epoch(0));
    const seen = new Set<number>();
    for (let s = 0; s < 6; s++) {
      const v = batch?.x[s * T * F] as number;
      // copy 0: (1 + r) - 1 = r; copy 1: (101 + r) - 100 = 1 + r; never the base speakers' -1000
      expect([s, s + 1]).toContain(v);
      seen.add(v === s ? 0 : 1);
    }
    expect(seen.size).toBe(2);
  });
});
