// Acceptance on the real clips in ../shared/datasets: every loader works from the publisher's layout alone;
// manifest.csv is used only to check it.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_ROOT } from '../../test/helpers.js';
import { parseCsv } from '../csv/parse-csv.js';
import { officialSplit } from '../splits/official-split.js';
import { speakerKFold } from '../splits/speaker-kfold.js';
import { loadFsdd } from './fsdd.js';
import { loadRavdess } from './ravdess.js';
import { loadSpeechCommands } from './speech-commands.js';

function manifest(dir: string): Map<string, Record<string, string>> {
  const t = parseCsv(readFileSync(join(dir, 'manifest.csv'), 'utf8'));
  return new Map(t.rows.map((r) => [r.fields[0] as string, Object.fromEntries(t.header.map((h, i) => [h, r.fields[i] as string]))]));
}

describe('RAVDESS speech (real, 1200 clips)', async () => {
  const root = join(DATA_ROOT, 'ravdess-speech');
  const ds = await loadRavdess(root);
  const expected = manifest(root);

  it('loads 1200 clips with the emotion, actor and other fields of every file matching manifest.csv', () => {
    expect(ds.records).toHaveLength(1200);
    expect(ds.problems).toEqual([]);
    expect(expected.size).toBe(1200);
    for (const r of ds.records) {
      const m = expected.get(relative(root, r.path));
      expect(m, r.path).toBeDefined();
      if (!m) continue;
      expect(r.label).toBe(m.emotion);
      expect(r.labelIndex).toBe(Number(m.emotion_id) - 1);
      expect(ds.classes[r.labelIndex]).toBe(m.emotion);
      expect(r.meta.actor).toBe(Number(m.actor));
      expect(r.speaker).toBe(`Actor_${m.actor?.padStart(2, '0')}`);
      expect([r.meta.intensity, r.meta.statement, r.meta.repetition, r.meta.gender]).toEqual([
        m.intensity, Number(m.statement), Number(m.repetition), m.gender,
      ]);
      expect(r.meta.vocalChannel).toBe('speech');
    }
  });

  it('gives 5 speaker-independent folds of 4 actors, 2 male and 2 female, no actor on both sides', () => {
    const folds = speakerKFold(ds.records, 5, { balanceBy: (r) => String(r.meta.gender), seed: 1 });
    const allHeld = folds.flatMap((f) => f.heldOut).sort();
    expect(allHeld).toEqual(Array.from({ length: 20 }, (_, i) => `Actor_${String(i + 1).padStart(2, '0')}`));
    for (const f of folds) {
      expect(f.heldOut).toHaveLength(4);
      const genders = f.test.reduce((acc, r) => acc.add(`${r.speaker}:${r.meta.gender}`), new Set<string>());
      expect([...genders].filter((g) => g.endsWith(':male'))).toHaveLength(2);
      const trainActors = new Set(f.train.map((r) => r.speaker));
      expect(f.test.some((r) => trainActors.has(r.speaker))).toBe(false);
      expect(f.test).toHaveLength(240);
    }
  });

  it('finds no song clips here and keeps all of them with vocalChannel both', async () => {
    expect((await loadRavdess(root, { vocalChannel: 'song' })).records).toHaveLength(0);
    expect((await loadRavdess(root, { vocalChannel: 'both' })).records).toHaveLength(1200);
  });
});

describe('FSDD (real, 2500 clips)', async () => {
  const root = join(DATA_ROOT, 'fsdd');
  const ds = await loadFsdd(root);
  const expected = manifest(root);

  it('loads 2500 clips with digit, speaker, take and the publishers\' split of every file', () => {
    expect(ds.records).toHaveLength(2500);
    expect(ds.problems).toEqual([]);
    for (const r of ds.records) {
      const m = expected.get(relative(root, r.path));
      expect(m, r.path).toBeDefined();
      expect([r.label, r.speaker, r.meta.take, r.split]).toEqual([m?.label, m?.speaker, Number(m?.index), m?.official_split]);
    }
    expect(new Set(ds.records.map((r) => r.speaker))).toEqual(new Set(['george', 'jackson', 'lucas', 'nicolas', 'yweweler']));
    expect(officialSplit(ds.records).test).toHaveLength(250);
  });

  it('also accepts the recordings folder itself as root', async () => {
    expect((await loadFsdd(join(root, 'recordings'))).records).toHaveLength(2500);
  });
});

describe('Speech Commands sample (real, 300 clips of v0.01)', async () => {
  const root = join(DATA_ROOT, 'speech-commands-sample');
  const ds = await loadSpeechCommands(root);
  const expected = manifest(root);
  const splitName = { training: 'train', validation: 'validation', testing: 'test' } as Record<string, string>;

  it('loads 300 clips of 30 words with the official split of each file', () => {
    expect(ds.name).toBe('speech-commands-v0.01');
    expect(ds.classes).toHaveLength(30);
    expect(ds.records).toHaveLength(300);
    for (const r of ds.records) {
      const m = expected.get(relative(root, r.path));
      expect(m, r.path).toBeDefined();
      expect([r.label, r.speaker, r.split]).toEqual([m?.label, m?.speaker, splitName[m?.official_split ?? '']]);
      expect(ds.classes[r.labelIndex]).toBe(r.label);
    }
    const s = officialSplit(ds.records);
    expect(s.train.length + s.validation.length + s.test.length).toBe(300);
    expect(s.validation.length).toBeGreaterThan(0);
    expect(s.test.length).toBeGreaterThan(0);
  });

  it('keeps speakers apart across the official split', () => {
    const splitsOf = new Map<string, Set<string>>();
    for (const r of ds.records) splitsOf.set(r.speaker as string, (splitsOf.get(r.speaker as string) ?? new Set()).add(r.split as string));
    for (const [speaker, splits] of splitsOf) expect(splits.size, speaker).toBe(1);
  });

  it('reports the missing _background_noise_ when asked for the 12-class task', async () => {
    const twelve = await loadSpeechCommands(root, { task: '12-class' });
    expect(twelve.classes).toHaveLength(12);
    expect(twelve.records.some((r) => r.label === '_silence_')).toBe(false);
    expect(twelve.problems.map((p) => p.reason).join('\n')).toContain('_silence_ class has no clips');
  });
});
