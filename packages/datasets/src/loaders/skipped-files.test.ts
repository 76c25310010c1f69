import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetRootError } from '../errors.js';
import { loadFolderDataset } from './folder-dataset.js';
import { loadFsdd } from './fsdd.js';
import { loadRavdess } from './ravdess.js';

const root = mkdtempSync(join(tmpdir(), 'spectromix-skipped-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loaders list what they skipped and why; a missing root names the layout', () => {
  it('FSDD: files whose names do not fit {digit}_{speaker}_{take} are problems, each with its reason', async () => {
    const recordings = join(root, 'fsdd', 'recordings');
    mkdirSync(recordings, { recursive: true });
    for (const name of ['0_george_0.wav', '1_george_x.wav', 'x.wav', '7_jackson_12.opus']) writeFileSync(join(recordings, name), '');
    const dataset = await loadFsdd(join(root, 'fsdd'));
    expect(dataset.records.map((r) => r.path.split('/').pop())).toEqual(['0_george_0.wav', '7_jackson_12.opus']);
    expect(dataset.problems.map((p) => p.path.split('/').pop()).sort()).toEqual(['1_george_x.wav', 'x.wav']);
    for (const p of dataset.problems) expect(p.reason).toMatch(/not an FSDD name: expected \{digit\}_\{speaker\}_\{take\}.*skipped/);
  });

  it('symbolic links to clips and class folders are followed (a dataset linked in from elsewhere)', async () => {
    const real = join(root, 'real');
    mkdirSync(join(real, 'a'), { recursive: true });
    writeFileSync(join(real, 'a', 'clip.wav'), '');
    const linked = join(root, 'linked');
    mkdirSync(join(linked, 'b'), { recursive: true });
    symlinkSync(join(real, 'a'), join(linked, 'a'));
    symlinkSync(join(real, 'a', 'clip.wav'), join(linked, 'b', 'clip.wav'));
    const dataset = await loadFolderDataset(linked);
    expect(dataset.classes).toEqual(['a', 'b']);
    expect(dataset.records.map((r) => r.label)).toEqual(['a', 'b']);
    const fsdd = join(root, 'fsdd-linked', 'recordings');
    mkdirSync(fsdd, { recursive: true });
    symlinkSync(join(real, 'a', 'clip.wav'), join(fsdd, '3_lucas_7.wav'));
    expect((await loadFsdd(join(root, 'fsdd-linked'))).records.map((r) => r.label)).toEqual(['3']);
  });

  it('a missing root lists the expected layout (FSDD, RAVDESS, folder datasets), never an empty list', async () => {
    const missing = join(root, 'no-such-folder');
    const messages = await Promise.all([loadFsdd(missing), loadRavdess(missing), loadFolderDataset(missing)].map((p) => p.then(() => '', (e: unknown) => e)));
    for (const e of messages) expect(e).toBeInstanceOf(DatasetRootError);
    const [fsdd, ravdess, folder] = messages.map((e) => (e as Error).message);
    expect(fsdd).toMatch(/expected 'recordings\/\{digit\}_\{speaker\}_\{take\}\.wav/);
    expect(ravdess).toMatch(/expected 'Actor_01\/03-01-01-01-01-01-01\.wav'/);
    expect(folder).toMatch(/expected '<class>\/<clip>\.wav'/);
    for (const m of [fsdd, ravdess, folder]) expect(m).not.toMatch(/expected\s+inside/);
  });
});
