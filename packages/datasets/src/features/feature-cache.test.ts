import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, truncateSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { astFbank, padOrCrop } from '@spectromix/dsp';
import { readAudioFile } from '@spectromix/dsp/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_ROOT, collectBatches, put, tempDir, tone, wavBytes } from '../../test/helpers.js';
import { FeatureMissingError } from '../errors.js';
import { loadFsdd } from '../loaders/fsdd.js';
import { loadRavdess } from '../loaders/ravdess.js';
import { createBatchPipeline } from '../pipeline/batch-pipeline.js';
import type { AudioRecord } from '../types.js';
import { computeStats } from './compute-stats.js';
import { FeatureCache, type FeatureProgress } from './feature-cache.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

let clips: AudioRecord[] = [];
let bad: AudioRecord[] = [];
beforeAll(async () => {
  const ravdess = (await loadRavdess(join(DATA_ROOT, 'ravdess-speech'))).records.filter((_, i) => i % 150 === 0);
  const fsdd = (await loadFsdd(join(DATA_ROOT, 'fsdd'))).records.filter((_, i) => i % 400 === 0);
  clips = [...ravdess, ...fsdd];
  const rec = (path: string, extra: Partial<AudioRecord> = {}): AudioRecord => ({ path, label: 'x', labelIndex: 0, meta: {}, ...extra });
  const nan = tone(300, 0.5);
  nan[100] = Number.NaN;
  bad = [
    rec(put(join(tmp.dir, 'bad', 'corrupt.wav'), Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk and more junk bytes'))),
    rec(put(join(tmp.dir, 'bad', 'empty.wav'), wavBytes(new Float32Array(0)))),
    rec(put(join(tmp.dir, 'bad', 'nan.wav'), wavBytes(nan, 16000, true))),
    rec(put(join(tmp.dir, 'bad', 'zero-bytes.opus'), '')),
    rec(join(tmp.dir, 'bad', 'missing.wav')),
    rec(put(join(tmp.dir, 'bad', 'tiny.wav'), wavBytes(tone(300, 0.01)))),
    rec(put(join(tmp.dir, 'bad', 'good.wav'), wavBytes(tone(300, 0.5)))),
    rec(put(join(tmp.dir, 'bad', 'long.wav'), wavBytes(tone(300, 3))), { offsetSeconds: 1, durationSeconds: 1 }),
  ];
});


describe('FeatureCache on real clips', () => {
  const settings = { targetLength: 128 };

  it('computes AST features once (float16), matching @spectromix/dsp, then reads them from the cache', async () => {
    const dir = join(tmp.dir, 'cache-a');
    const cache = new FeatureCache({ dir, settings });
    const progress: FeatureProgress[] = [];
    const store = await cache.features(clips, { workers: 0, onProgress: (p) => progress.push(p) });
    expect([store.length, store.numFrames, store.numBins, store.problems]).toEqual([clips.length, 128, 128, []]);
    expect(progress.at(-1)).toEqual({ done: clips.length, total: clips.length, failed: 0 });
    for (const i of [0, clips.length - 1]) {
      const audio = await readAudioFile((clips[i] as AudioRecord).path, { sampleRate: 16000, mono: true });
      const want = padOrCrop(astFbank(audio.channelData[0] as Float32Array, 16000), 128).data;
      const got = store.get(i);
      let worst = 0;
      for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs((got[k] as number) - (want[k] as number)) / (1 + Math.abs(want[k] as number)));
      expect(worst).toBeLessThan(1e-3);
    }
    const file = cache.pathFor(clips);
    const mtime = statSync(file).mtimeMs;
    const again: FeatureProgress[] = [];
    const cached = await cache.features(clips, { workers: 0, onProgress: (p) => again.push(p) });
    expect(again).toEqual([{ done: clips.length, total: clips.length, failed: 0 }]);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(cached.get(3)).toEqual(store.get(3));
    store.close();
    cached.close();
  });

  it('gives the same bytes with 2 worker threads as on one thread', async () => {
    const subset = clips.slice(0, 6);
    const one = await new FeatureCache({ dir: join(tmp.dir, 'w0'), settings }).features(subset, { workers: 0 });
    const two = await new FeatureCache({ dir: join(tmp.dir, 'w2'), settings }).features(subset, { workers: 2 });
    for (let i = 0; i < subset.length; i++) expect(two.get(i)).toEqual(one.get(i));
    expect(two.header.key).toBe(one.header.key);
  });

  it('uses a new file when a setting or a file changes, and recomputes after the folder is deleted or a file is damaged', async () => {
    const dir = join(tmp.dir, 'cache-b');
    const subset = bad.slice(6, 7);
    const a = new FeatureCache({ dir, settings: { targetLength: 64 } });
    const b = new FeatureCache({ dir, settings: { targetLength: 32 } });
    const c = new FeatureCache({ dir, settings: { targetLength: 64, dtype: 'float32' } });
    expect(new Set([a.keyFor(subset), b.keyFor(subset), c.keyFor(subset)]).size).toBe(3);
    const fa = await a.features(subset, { workers: 0 });
    await b.features(subset, { workers: 0 });
    const fc = await c.features(subset, { workers: 0 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.spxf'))).toHaveLength(3);
    expect(fa.get(0).length).toBe(64 * 128);
    const keyBefore = a.keyFor(subset);
    const t = new Date(Date.now() + 5000);
    utimesSync(subset[0]?.path as string, t, t);
    expect(a.keyFor(subset)).not.toBe(keyBefore);
    rmSync(dir, { recursive: true });
    const again = await a.features(subset, { workers: 0 });
    expect(existsSync(a.pathFor(subset))).toBe(true);
    const row = again.get(0);
    again.close();
    truncateSync(a.pathFor(subset), 100);
    const repaired = await a.features(subset, { workers: 0 });
    expect(repaired.get(0)).toEqual(row);
    expect(Array.from(fc.get(0).slice(0, 128))).not.toEqual(Array.from(fa.get(0).slice(0, 128)));
  });
});

describe('FeatureCache with bad clips', () => {
  it('skips corrupt, empty, NaN, missing and too-short clips with a reason each, and keeps the rest', async () => {
    const store = await new FeatureCache({ dir: join(tmp.dir, 'cache-bad'), settings: { targetLength: 100 } }).features(bad, { workers: 0 });
    const reasons = new Map(store.problems.map((p) => [p.index, p.reason]));
    expect([...reasons.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(reasons.get(1)).toMatch(/empty|no samples|EmptyAudio/i);
    expect(reasons.get(2)).toContain('NaN');
    expect(reasons.get(4)).toContain('ENOENT');
    expect(reasons.get(5)).toContain('shorter than one fbank frame');
    for (const p of store.problems) expect(p.path).toBe(bad[p.index as number]?.path);
    expect([store.has(6), store.has(7), store.has(0)]).toEqual([true, true, false]);
    expect(() => store.get(2)).toThrow(FeatureMissingError);
    // the offset cut of the long clip: 1 s at 16 kHz is 98 frames, padded with zero rows to 100
    const cut = store.get(7);
    expect(cut.subarray(98 * 128).every((v) => v === 0)).toBe(true);
    expect(cut.subarray(97 * 128, 98 * 128).some((v) => v !== 0)).toBe(true);
    const pipe = createBatchPipeline({ store, records: bad, indices: [...bad.keys()], numClasses: 1, batchSize: 4, shuffle: true, seed: 1, offThread: false });
    expect(pipe.skipped).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await collectBatches(pipe.epoch(0))).flatMap((b) => Array.from(b.indices)).sort()).toEqual([6, 7]);
  });
});

describe('batch pipeline over the cache file', () => {
  it('builds identical batches on the worker thread and on the main thread', async () => {
    const store = await new FeatureCache({ dir: join(tmp.dir, 'cache-a'), settings: { targetLength: 128 } }).features(clips, { workers: 0 });
    const train = [...clips.keys()];
    const stats = computeStats(store, train);
    expect(stats.mean).toBeLessThan(0);
    expect(stats.std).toBeGreaterThan(1);
    const opts = {
      store, records: clips, indices: train, numClasses: 10, batchSize: 4, shuffle: true, seed: 11,
      normalize: stats, specAugment: { freqMaskParam: 24, timeMaskParam: 48 }, mixup: { alpha: 10, prob: 0.5 }, noise: 0.1, timeRoll: true,
    };
    const off = createBatchPipeline(opts);
    const on = createBatchPipeline({ ...opts, offThread: false });
    const a = await collectBatches(off.epoch(1));
    const b = await collectBatches(on.epoch(1));
    await off.close();
    expect(a).toHaveLength(Math.ceil(clips.length / 4));
    expect(a).toEqual(b);
    expect(a[0]?.x.length).toBe(4 * 128 * 128);
  });
});

describe('worker assembler lifecycle', () => {
  it('closes an idle worker and lets a script end normally (no unfinished await)', async () => {
    const store = await new FeatureCache({ dir: join(tmp.dir, 'cache-a'), settings: { targetLength: 128 } }).features(clips, { workers: 0 });
    const script = put(
      join(tmp.dir, 'lifecycle.mts'),
      [
        `import { FileFeatureStore, createBatchPipeline } from ${JSON.stringify(join(import.meta.dirname, '..', 'node.ts'))};`,
        `const store = FileFeatureStore.open(${JSON.stringify(store.path)});`,
        `const records = Array.from({ length: store.length }, (_, i) => ({ path: String(i), label: 'a', labelIndex: 0, meta: {} }));`,
        `const pipeline = createBatchPipeline({ store, records, indices: [0, 1, 2, 3], numClasses: 1, batchSize: 2, shuffle: false, seed: 0 });`,
        `for await (const batch of pipeline.epoch(0)) void batch;`,
        `await pipeline.close();`,
        `console.log('closed', JSON.stringify(pipeline.state()));`,
      ].join('\n'),
    );
    const out = execFileSync(process.execPath, ['--conditions=@spectromix/source', '--import', 'tsx', script], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' });
    expect(out).toContain('closed {"seed":0,"epoch":1,"batch":0');
  });
});
