import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { put, tempDir, tone, wavBytes } from '../../test/helpers.js';
import { CsvColumnError, DatasetRootError } from '../errors.js';
import { loadCsvManifest } from './csv-manifest.js';
import { loadFolderDataset } from './folder-dataset.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const clip = wavBytes(tone(300, 0.05));

describe('loadFolderDataset', () => {
  const root = join(tmp.dir, 'folders');
  put(join(root, 'dog', 'a.wav'), clip);
  put(join(root, 'dog', 'deeper', 'b.flac'), clip);
  put(join(root, 'cat', 'c.wav'), clip);
  put(join(root, 'cat', 'notes.txt'), 'not audio');
  put(join(root, 'empty', '.keep'), '');

  it('uses sorted folder names as classes and finds audio at any depth', async () => {
    const ds = await loadFolderDataset(root);
    expect(ds.classes).toEqual(['cat', 'dog', 'empty']);
    expect(ds.records.map((r) => [r.label, r.labelIndex, r.path.slice(root.length)])).toEqual([
      ['cat', 0, '/cat/c.wav'],
      ['dog', 1, '/dog/a.wav'],
      ['dog', 1, '/dog/deeper/b.flac'],
    ]);
    expect(ds.problems).toEqual([{ path: join(root, 'empty'), reason: "class 'empty' has no audio files" }]);
  });

  it('with a class list, skips other folders and reports classes without a folder', async () => {
    const ds = await loadFolderDataset(root, { classes: ['dog', 'bird'] });
    expect(ds.records.every((r) => r.label === 'dog' && r.labelIndex === 0)).toBe(true);
    const reasons = ds.problems.map((p) => p.reason);
    expect(reasons).toContain("folder 'cat' is not in the class list; skipped");
    expect(reasons).toContain("folder of class 'bird' not found; the class has no clips");
  });

  it('refuses a root without subfolders', async () => {
    await expect(loadFolderDataset(join(root, 'cat'))).rejects.toThrow(DatasetRootError);
  });
});

describe('loadCsvManifest', () => {
  const root = join(tmp.dir, 'manifest');
  put(join(root, 'clips', 'a.wav'), clip);
  put(join(root, 'clips', 'b.wav'), clip);
  put(join(root, 'clips', 'c.wav'), clip);
  put(join(root, 'clips', 'd.wav'), clip);
  const csv = put(
    join(root, 'list.csv'),
    [
      'file,class,who,set,note,secs',
      'clips/a.wav,yes,s1,train,"quoted, note",1.5',
      'clips/b.wav,no,s2,Validation,,0.9',
      'clips/missing.wav,no,s2,test,,1',
      'clips/c.wav,maybe,s3,test,,1',
      'clips/d.wav,yes,s3,holdout,,1',
      'clips/d.wav,yes',
      ',yes,s1,train,,1',
    ].join('\n'),
  );

  it('maps the named columns, keeps the rest as meta and reports each bad row with its line', async () => {
    const ds = await loadCsvManifest(csv, { pathColumn: 'file', labelColumn: 'class', speakerColumn: 'who', splitColumn: 'set', durationColumn: 'secs', classes: ['no', 'yes'] });
    expect(ds.name).toBe('list');
    expect(ds.records).toEqual([
      { path: join(root, 'clips', 'a.wav'), label: 'yes', labelIndex: 1, speaker: 's1', split: 'train', durationSeconds: 1.5, meta: { note: 'quoted, note' } },
      { path: join(root, 'clips', 'b.wav'), label: 'no', labelIndex: 0, speaker: 's2', split: 'validation', durationSeconds: 0.9, meta: { note: '' } },
    ]);
    const reasons = ds.problems.map((p) => p.reason);
    expect(reasons).toHaveLength(5);
    expect(reasons).toEqual(expect.arrayContaining([
      expect.stringContaining('line 7 has 2 fields'),
      expect.stringContaining('line 4 but not found'),
      expect.stringContaining("split 'holdout'"),
      'empty path or label; row skipped',
      expect.stringContaining("label 'maybe'"),
    ]));
  });

  it('derives sorted classes when none are given', async () => {
    const ds = await loadCsvManifest(csv, { pathColumn: 'file', labelColumn: 'class' });
    expect(ds.classes).toEqual(['maybe', 'no', 'yes']);
    expect(ds.records).toHaveLength(4);
  });

  it('throws CsvColumnError for a missing column and DatasetRootError for a missing file', async () => {
    await expect(loadCsvManifest(csv, { pathColumn: 'path', labelColumn: 'class', foldColumn: 'fold' })).rejects.toThrow(CsvColumnError);
    await expect(loadCsvManifest(csv, { pathColumn: 'path', labelColumn: 'class' })).rejects.toThrow("lacks the column(s) 'path'");
    await expect(loadCsvManifest(join(root, 'nope.csv'), { pathColumn: 'a', labelColumn: 'b' })).rejects.toThrow(DatasetRootError);
  });
});
