// Test helpers: where the real datasets are, temporary folders, tiny WAV files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shared real datasets: `SPECTROMIX_DATA`, else `<repo root>/../shared/datasets`. */
export const DATA_ROOT = process.env.SPECTROMIX_DATA ?? resolve(packageDir, '..', '..', '..', 'shared', 'datasets');

/** The committed layout fixtures of this package. */
export const FIXTURES = join(packageDir, 'fixtures');

/** A fresh temporary folder; call the returned cleanup in afterAll/afterEach. */
export function tempDir(prefix = 'spx-datasets-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Encodes mono float samples as a 16-bit PCM WAV (or 32-bit float with `float: true`). */
export function wavBytes(samples: ArrayLike<number>, sampleRate = 16000, float = false): Buffer {
  const bytesPer = float ? 4 : 2;
  const n = samples.length;
  const b = Buffer.alloc(44 + n * bytesPer);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + n * bytesPer, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(float ? 3 : 1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(sampleRate * bytesPer, 28);
  b.writeUInt16LE(bytesPer, 32);
  b.writeUInt16LE(bytesPer * 8, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(n * bytesPer, 40);
  for (let i = 0; i < n; i++) {
    const v = samples[i] as number;
    if (float) b.writeFloatLE(v, 44 + i * 4);
    else b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), 44 + i * 2);
  }
  return b;
}

/** A sine tone of `seconds` at `freq` Hz. */
export function tone(freq: number, seconds: number, sampleRate = 16000, amplitude = 0.3): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / sampleRate);
  return out;
}

/** Writes a file, creating its folder. */
export function put(path: string, data: string | Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
}

/** Every batch of an epoch, with `builtAt` checked (a recent wall-clock time) and removed, so builds compare equal. */
export async function collectBatches<B extends { builtAt: number }>(epoch: AsyncIterable<B>): Promise<Omit<B, 'builtAt'>[]> {
  const out: Omit<B, 'builtAt'>[] = [];
  for await (const batch of epoch) {
    const { builtAt, ...rest } = batch;
    if (!(Math.abs(builtAt - Date.now()) < 60_000)) throw new Error(`batch builtAt ${builtAt} is not a recent wall-clock time`);
    out.push(rest);
  }
  return out;
}
