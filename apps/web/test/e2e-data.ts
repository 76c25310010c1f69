import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled models the suite runs (folders under public/models/). */
export const BUNDLED = { synth: 'synthetic-sounds', fsdd: 'fsdd-digits' } as const;

/** Committed test clips (made by scripts/make_fixtures.py). */
export const FIXTURES = fileURLToPath(new URL('fixtures/', import.meta.url));

/** One clip per class of the synthetic set, one per container the page decodes. */
export const SYNTH_CLIPS: readonly string[] = [
  'rising-chirp.wav',
  'falling-chirp.flac',
  'steady-tone.mp3',
  'pulse-train.ogg',
  'noise-burst.opus',
  'harmonic-buzz-22k-stereo.wav',
].map((name) => join(FIXTURES, name));

/** What the fake microphone plays, looped: a steady tone. */
export const MICROPHONE_WAV = join(FIXTURES, 'microphone-tone.wav');

/** Where the shared datasets are: `SPECTROMIX_DATA`, else `<repo>/../shared/datasets`. */
export function dataRoot(): string {
  return process.env['SPECTROMIX_DATA'] ?? resolve(fileURLToPath(new URL('../../../../shared/datasets', import.meta.url)));
}

/** The held-out speaker of the bundled FSDD model (see the app README for the training command). */
export const FSDD_TEST_SPEAKER = 'jackson';

/** Four FSDD recordings of the held-out speaker (Ogg Opus), different digits. */
export function fsddClips(): Array<{ path: string; name: string; label: string }> {
  const root = join(dataRoot(), 'fsdd');
  const rows = readFileSync(join(root, 'manifest.csv'), 'utf8').trim().split('\n').slice(1);
  const wanted = new Set(['0', '3', '5', '8']);
  const picked: Array<{ path: string; name: string; label: string }> = [];
  for (const row of rows) {
    const [path, label, speaker, index] = row.split(',');
    if (speaker !== FSDD_TEST_SPEAKER || index !== '7' || label == null || !wanted.has(label) || path == null) continue;
    picked.push({ path: join(root, path), name: path.split('/').pop() as string, label });
  }
  if (picked.length !== wanted.size) throw new Error(`Expected ${wanted.size} FSDD clips of ${FSDD_TEST_SPEAKER} in ${root}; found ${picked.length}. Set SPECTROMIX_DATA.`);
  return picked;
}

/**
 * Returns a copy of a safetensors export whose metadata manifest is replaced by `manifestJson` (tensors
 * untouched): a model whose config does not match its weights.
 */
export function replaceManifest(weights: Uint8Array, manifestJson: string): Uint8Array {
  const view = new DataView(weights.buffer, weights.byteOffset, weights.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(weights.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  header['__metadata__'] = { ...(header['__metadata__'] as Record<string, string>), 'spectromix.model': manifestJson };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const encoded = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  encoded.set(json);
  const out = new Uint8Array(8 + encoded.length + weights.length - 8 - headerLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(encoded.length), true);
  out.set(encoded, 8);
  out.set(weights.subarray(8 + headerLength), 8 + encoded.length);
  return out;
}
