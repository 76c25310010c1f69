import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryCheckpointStore } from './directory-store.js';
import { writeFileAtomic } from './atomic-write.js';
import { readCheckpointFile } from './read-file.js';
import { CheckpointError, TrainConfigError } from '../errors.js';

const at = (globalStep: number) => ({ position: { epoch: 0, batch: globalStep, globalStep }, reason: 'step' as const });

describe('DirectoryCheckpointStore', () => {
  it('keeps the last k checkpoints and the best one, leaving no temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spectromix-ckpt-'));
    const store = new DirectoryCheckpointStore(join(dir, 'checkpoints'), { keepLast: 2 });
    for (const step of [3, 6, 9, 12]) await store.save(new Uint8Array([step]), at(step));
    await store.saveBest(new Uint8Array([42]));
    expect((await readdir(store.dir)).sort()).toEqual(['best.safetensors', 'step-000000009.safetensors', 'step-000000012.safetensors']);
    expect(await store.latest()).toBe(join(store.dir, 'step-000000012.safetensors'));
    expect(Array.from((await store.loadBest())!)).toEqual([42]);
  });

  it('an atomic write replaces a file as a whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spectromix-atomic-'));
    const path = join(dir, 'f.bin');
    await writeFile(path, 'old');
    await writeFileAtomic(path, new TextEncoder().encode('new content'));
    expect(await readFile(path, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['f.bin']);
    await expect(writeFileAtomic(join(dir, 'missing', 'x.bin'), new Uint8Array(1))).rejects.toThrow(/ENOENT/);
  });

  it('explains an empty folder, an unreadable file and a bad keepLast', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spectromix-empty-'));
    await expect(new DirectoryCheckpointStore(dir).latest()).rejects.toBeInstanceOf(CheckpointError);
    expect(await new DirectoryCheckpointStore(dir).loadBest()).toBeUndefined();
    await expect(readCheckpointFile(join(dir, 'nope.safetensors'))).rejects.toThrow(/cannot be read/);
    expect(() => new DirectoryCheckpointStore(dir, { keepLast: 0 })).toThrow(TrainConfigError);
  });
});
