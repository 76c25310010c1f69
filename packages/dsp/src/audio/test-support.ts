/**
 * Paths the audio tests read (not part of the package API): the committed fixtures and the shared datasets,
 * resolved from this file's location so tests work from any working directory.
 */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));

/** packages/dsp/fixtures/audio. */
export const AUDIO_FIXTURES = resolve(here, '..', '..', 'fixtures', 'audio');

/** The monorepo root (three levels above packages/dsp/src). */
export const REPO_ROOT = resolve(here, '..', '..', '..', '..');

/** The shared datasets: $SPECTROMIX_DATA, else `<repo root>/../shared/datasets`. */
export const DATASETS = process.env['SPECTROMIX_DATA'] ?? join(REPO_ROOT, '..', 'shared', 'datasets');

/** Reads a little-endian float32 fixture file. */
export async function readF32(path: string): Promise<Float32Array> {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(path);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
