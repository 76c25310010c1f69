/** Loading the torchaudio parity fixtures of the feature tests (made by scripts/features-make-fixtures.py). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/features/', import.meta.url));

/** A little-endian base64 array as a typed array. */
export function decodeF32(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** A little-endian base64 uint16 array. */
export function decodeU16(b64: string): Uint16Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** A matrix as stored by the fixture script. */
export interface StoredMatrix {
  shape: number[];
  data: string;
}

/** The synthetic fixture file, typed loosely: each test reads the section it needs. */
export interface SyntheticFixtures {
  signals: Record<string, string>;
  windows: { name: 'hann' | 'hamming' | 'blackman'; length: number; periodic: boolean; data: string }[];
  stft: { signal: string; n_fft: number; hop_length: number; win_length: number; window: 'hann' | 'hamming' | 'blackman' | 'rectangular'; center: boolean; pad_mode: 'reflect' | 'constant' | 'replicate'; re: StoredMatrix; im: StoredMatrix }[];
  spectrogram: { options: Record<string, number | boolean | string>; expected: StoredMatrix }[];
  melscaleFbanks: { options: Record<string, number | string>; expected: StoredMatrix }[];
  createDct: { nMfcc: number; nMels: number; norm: 'ortho' | null; expected: StoredMatrix }[];
  melSpectrogram: { options: Record<string, number | string>; expected: StoredMatrix; db: StoredMatrix }[];
  mfcc: { options: Record<string, unknown>; expected: StoredMatrix }[];
  kaldiMelBanks: { args: number[]; expected: StoredMatrix }[];
  kaldiFbank: { name: string; signal: string; options: Record<string, number | boolean | string>; expected: StoredMatrix; torchRoundoff: number }[];
}

let synthetic: SyntheticFixtures | null = null;

/** The synthetic fixtures (parsed once). */
export function syntheticFixtures(): SyntheticFixtures {
  synthetic ??= JSON.parse(readFileSync(`${FIXTURES}synthetic.json`, 'utf8')) as SyntheticFixtures;
  return synthetic;
}

/** A synthetic signal by name. */
export function signal(name: string): Float32Array {
  const b64 = syntheticFixtures().signals[name];
  if (b64 === undefined) throw new Error(`no synthetic signal '${name}'`);
  return decodeF32(b64);
}

/** Largest absolute difference (throws on length mismatch). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    if (!(d <= worst)) worst = d; // NaN propagates as a failure
  }
  return worst;
}

/** Largest `|a - b| / (|b| + atol)`. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, atol: number): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number)) / (Math.abs(b[i] as number) + atol);
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

/** Path of the fixtures folder. */
export const FIXTURES_DIR = FIXTURES;
