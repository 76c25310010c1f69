// UrbanSound8K and ESC-50 on layout-faithful fixtures (fixtures/, made by scripts/make-fixtures.mjs), and the
// 12-class Speech Commands task on a small copy of the real sample plus generated background noise.
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_ROOT, FIXTURES, put, tempDir, tone, wavBytes } from '../../test/helpers.js';
import { CsvColumnError, DatasetRootError } from '../errors.js';
import { foldSplit } from '../splits/fold-split.js';
import { officialSplit } from '../splits/official-split.js';
import { loadEsc50 } from './esc50.js';
import { loadSpeechCommands } from './speech-commands.js';
import { loadUrbanSound8k } from './urbansound8k.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('loadUrbanSound8k (fixture)', () => {
  const root = join(FIXTURES, 'urbansound8k', 'UrbanSound8K');

  it('reads the metadata CSV into records with fold, class, duration and Freesound id', async () => {
    const ds = await loadUrbanSound8k(root);
    expect(ds.classes).toHaveLength(10);
    expect(ds.records).toHaveLength(10);
    expect(ds.records.map((r) => r.fold).sort((a, b) => (a as number) - (b as number))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const dog = ds.records.find((r) => r.label === 'dog_bark');
    expect(dog).toMatchObject({ labelIndex: 3, fold: 4, meta: { fsID: '100148', start: 2, salience: 1 } });
    expect(dog?.durationSeconds).toBeCloseTo(3.917551, 6);
    expect(dog?.path).toBe(join(root, 'audio', 'fold4', '100148-3-0-1.wav'));
    for (const r of ds.records) expect(r.labelIndex).toBe(r.fold ? r.fold - 1 : -1);
  });

  it('reports the missing file and the classID/class mismatch and keeps going', async () => {
    const { problems } = await loadUrbanSound8k(root);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.path).toContain(join('fold2', '199999-1-0-0.wav'));
    expect(problems[0]?.reason).toContain('not found');
    expect(problems[1]?.reason).toContain("classID '4' and class 'siren'");
  });

  it('splits by the official folds', async () => {
    const { records } = await loadUrbanSound8k(root);
    const { train, test } = foldSplit(records, 10);
    expect(test.map((r) => r.label)).toEqual(['street_music']);
    expect(train).toHaveLength(9);
  });
});

describe('loadEsc50 (fixture)', () => {
  const root = join(FIXTURES, 'esc50', 'ESC-50-master');

  it('reads meta/esc50.csv with 5 folds and the 50 official categories', async () => {
    const ds = await loadEsc50(root);
    expect(ds.classes).toHaveLength(50);
    expect(ds.classes[41]).toBe('chainsaw');
    expect(ds.records).toHaveLength(10);
    for (const r of ds.records) {
      expect(ds.classes[r.labelIndex]).toBe(r.label);
      expect(r.path.endsWith(`-${r.labelIndex}.wav`)).toBe(true);
      expect(r.path.split('/').pop()?.startsWith(`${r.fold}-`)).toBe(true);
    }
    expect(ds.records.find((r) => r.label === 'chainsaw' && r.fold === 3)?.meta).toEqual({ esc10: 'True', srcFile: '103041', take: 'B' });
    expect(foldSplit(ds.records, 5).test).toHaveLength(2);
    expect(ds.problems.map((p) => p.reason)).toEqual([
      expect.stringContaining('not found'),
      expect.stringContaining("target '1' and category 'dog'"),
    ]);
  });
});

describe('bad roots and CSVs', () => {
  it('gives one DatasetRootError naming what is missing', async () => {
    const wrong = join(FIXTURES, 'esc50');
    await expect(loadEsc50(wrong)).rejects.toThrow(DatasetRootError);
    await expect(loadEsc50(wrong)).rejects.toThrow("'meta/esc50.csv', 'audio'");
    await expect(loadUrbanSound8k(join(tmp.dir, 'nope'))).rejects.toThrow('does not exist');
    await expect(loadSpeechCommands(FIXTURES)).rejects.toThrow("'validation_list.txt', 'testing_list.txt'");
    const err = await loadUrbanSound8k(join(FIXTURES, 'esc50', 'ESC-50-master')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetRootError);
    expect((err as DatasetRootError).missing).toEqual(['metadata/UrbanSound8K.csv']);
  });

  it('refuses a metadata CSV that lacks a column, naming it', async () => {
    const root = join(tmp.dir, 'US8K');
    cpSync(join(FIXTURES, 'urbansound8k', 'UrbanSound8K'), root, { recursive: true });
    const csv = join(root, 'metadata', 'UrbanSound8K.csv');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace('classID,class', 'classid,class'));
    const err = await loadUrbanSound8k(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvColumnError);
    expect((err as CsvColumnError).missing).toEqual(['classID']);
  });
});

describe('loadSpeechCommands 12-class (real clips + generated noise)', () => {
  const root = join(tmp.dir, 'sc');
  const sample = join(DATA_ROOT, 'speech-commands-sample');
  for (const word of ['yes', 'no', 'up', 'bed', 'cat']) {
    mkdirSync(join(root, word), { recursive: true });
    cpSync(join(sample, word), join(root, word), { recursive: true });
  }
  copyFileSync(join(sample, 'validation_list.txt'), join(root, 'validation_list.txt'));
  copyFileSync(join(sample, 'testing_list.txt'), join(root, 'testing_list.txt'));
  put(join(root, '_background_noise_', 'white_noise.wav'), wavBytes(tone(440, 3.5)));
  put(join(root, '_background_noise_', 'short.wav'), wavBytes(tone(440, 0.5)));
  put(join(root, 'not_a_word', 'x.wav'), wavBytes(tone(440, 0.1)));

  it('keeps the commands, samples 10% unknown and cuts 10% silence per subset, like TensorFlow', async () => {
    const ds = await loadSpeechCommands(root, { task: '12-class' });
    expect(ds.classes.slice(0, 3)).toEqual(['_silence_', '_unknown_', 'yes']);
    const all = await loadSpeechCommands(root);
    const s = officialSplit(ds.records);
    const full = officialSplit(all.records);
    for (const split of ['train', 'validation', 'test'] as const) {
      const commands = full[split].filter((r) => ['yes', 'no', 'up'].includes(r.label)).length;
      const got = s[split];
      expect(got.filter((r) => r.labelIndex >= 2)).toHaveLength(commands);
      expect(got.filter((r) => r.label === '_unknown_')).toHaveLength(Math.ceil(commands / 10));
      expect(got.filter((r) => r.label === '_silence_')).toHaveLength(Math.ceil(commands / 10));
    }
    const silence = ds.records.filter((r) => r.label === '_silence_');
    for (const r of silence) {
      expect(r.path.endsWith('white_noise.wav')).toBe(true);
      expect(r.durationSeconds).toBe(1);
      expect(r.offsetSeconds).toBeGreaterThanOrEqual(0);
      expect(r.offsetSeconds).toBeLessThanOrEqual(2.5);
    }
    expect(new Set(ds.records.filter((r) => r.label === '_unknown_').map((r) => r.meta.word))).not.toContain('yes');
    const reasons = ds.problems.map((p) => p.reason).join('\n');
    expect(reasons).toContain('shorter than 1 s');
    expect(reasons).toContain("folder 'not_a_word' is not a word");
    expect(reasons).toContain("folder of word 'zero' not found");
  });

  it('keeps every unknown clip with unknownPercentage Infinity and is deterministic per seed', async () => {
    const a = await loadSpeechCommands(root, { task: '12-class', unknownPercentage: Infinity, seed: 4 });
    const b = await loadSpeechCommands(root, { task: '12-class', unknownPercentage: Infinity, seed: 4 });
    expect(a.records.filter((r) => r.label === '_unknown_')).toHaveLength(20);
    expect(a.records).toEqual(b.records);
  });
});
