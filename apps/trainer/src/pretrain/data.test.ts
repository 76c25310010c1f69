import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryFeatureStore } from '@spectromix/datasets';
import { ConfigError, DataError } from '../errors.js';
import { sharedDataDir } from '../data/roots.js';
import { writeFsddLike } from '../test-utils/unlabelled-audio.js';
import { DEFAULT_PRETRAIN_CONFIG, type PretrainConfig } from './config.js';
import { ConcatFeatureStore, loadUnlabelledFolder, preparePretrainData } from './data.js';

const dir = mkdtempSync(join(tmpdir(), 'spectromix-pretrain-data-'));
const fsdd = join(dir, 'fsdd-like');
const config = (over: Partial<PretrainConfig['data']>): PretrainConfig => ({
  ...DEFAULT_PRETRAIN_CONFIG,
  data: { ...DEFAULT_PRETRAIN_CONFIG.data, roots: [fsdd], targetLength: 32, cacheDir: join(dir, 'cache'), workers: 0, validation: 0.25, ...over },
});

describe('unlabelled data', () => {
  beforeAll(() => {
    writeFsddLike(fsdd, ['ann', 'bob', 'cid'], 4);
  });

  it('reads known layouts with their speakers and any other folder as its audio files', async () => {
    const known = await loadUnlabelledFolder(fsdd);
    expect(known.layout).toBe('fsdd');
    expect(new Set(known.dataset.records.map((r) => r.speaker))).toEqual(new Set(['ann', 'bob', 'cid']));
    const loose = join(dir, 'loose');
    mkdirSync(join(loose, 'deeper'), { recursive: true });
    writeFileSync(join(loose, 'deeper', 'x.wav'), 'not read here');
    writeFileSync(join(loose, 'notes.txt'), 'not audio');
    const other = await loadUnlabelledFolder(loose);
    expect(other.layout).toBe('audio files');
    expect(other.dataset.records.map((r) => r.path)).toEqual([join(loose, 'deeper', 'x.wav')]);
  });

  it('says how to fix a missing folder or one without audio (DataError)', async () => {
    await expect(loadUnlabelledFolder(join(dir, 'nowhere'))).rejects.toThrow(DataError);
    await expect(loadUnlabelledFolder(join(dir, 'nowhere'))).rejects.toThrow(/no such folder/);
    const empty = join(dir, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    await expect(loadUnlabelledFolder(empty)).rejects.toThrow(/No audio found under/);
  });

  it('reads RAVDESS actors as speakers', async () => {
    const shared = sharedDataDir();
    expect(shared, 'the shared datasets (../shared/datasets or SPECTROMIX_DATA) are needed by this test').toBeDefined();
    const ravdess = await loadUnlabelledFolder(join(shared as string, 'ravdess-speech'));
    expect(ravdess.layout).toBe('ravdess');
    expect(ravdess.dataset.records.filter((r) => r.speaker === 'Actor_03')).toHaveLength(60);
  });

  it('leaves excluded speakers out of both shares, holds out a seeded share of the rest, and never reads labels', async () => {
    const data = await preparePretrainData(config({ excludeSpeakers: ['bob'] }));
    const rows = [...data.split.train, ...data.split.validation];
    expect(rows).toHaveLength(8);
    expect(rows.every((i) => data.dataset.records[i]?.speaker !== 'fsdd/bob')).toBe(true);
    expect(data.split.validation).toHaveLength(2);
    expect(new Set(data.split.train).size + new Set(data.split.validation).size).toBe(new Set(rows).size);
    expect(data.dataset.records.every((r) => r.labelIndex === 0 && r.label === 'unlabelled')).toBe(true);
    expect(data.sources).toEqual([{ root: fsdd, layout: 'fsdd', clips: 12, excluded: 4 }]);
    const again = await preparePretrainData(config({ excludeSpeakers: ['fsdd/bob'] }));
    expect([again.split.train, again.split.validation]).toEqual([data.split.train, data.split.validation]);
    const otherSeed = await preparePretrainData({ ...config({ excludeSpeakers: ['bob'] }), run: { ...DEFAULT_PRETRAIN_CONFIG.run, seed: 5 } });
    expect(otherSeed.split.validation).not.toEqual(data.split.validation);
  });

  it('refuses an excluded speaker that no folder has, and a held-out share that empties a side (ConfigError)', async () => {
    await expect(preparePretrainData(config({ excludeSpeakers: ['Actor_01'] }))).rejects.toThrow(ConfigError);
    await expect(preparePretrainData(config({ excludeSpeakers: ['Actor_01'] }))).rejects.toThrow(/no clip of Actor_01/);
    await expect(preparePretrainData(config({ validation: 0.01 }))).rejects.toThrow(/holds out 0/);
  });

  it('ConcatFeatureStore numbers the rows of its stores one after another', () => {
    const row = (v: number): Float32Array => new Float32Array(4).fill(v);
    const s = new ConcatFeatureStore([new MemoryFeatureStore([row(1), null], 2, 2, [{ path: 'b', reason: 'bad', index: 1 }]), new MemoryFeatureStore([row(3)], 2, 2)]);
    expect(s.length).toBe(3);
    expect([s.has(0), s.has(1), s.has(2), s.has(3)]).toEqual([true, false, true, false]);
    expect(Array.from(s.get(2))).toEqual([3, 3, 3, 3]);
    expect(s.problems).toEqual([{ path: 'b', reason: 'bad', index: 1 }]);
    expect(() => s.get(5)).toThrow(/does not exist/);
    expect(() => new ConcatFeatureStore([new MemoryFeatureStore([row(1)], 2, 2), new MemoryFeatureStore([new Float32Array(6)], 3, 2)])).toThrow(/differ in frames or bins/);
  });
});
