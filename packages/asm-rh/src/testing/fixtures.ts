/** Test-only access to the parity fixtures made by scripts/make-fixtures.py (not exported by the package). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSafetensors } from '@spectromix/tensor/codecs';
import type { PresetConfig, PresetName } from '../presets.js';

/** One fixture case, as `fixtures/cases.json` lists it. */
export interface FixtureCase {
  readonly name: string;
  readonly preset: PresetName | PresetConfig;
  readonly numClasses: number;
  readonly targetLength: number;
  readonly hermit: boolean;
  readonly roll: boolean;
  readonly weightsDtype: 'F32' | 'F16' | 'BF16';
  readonly batch: number;
}

const dir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Every fixture case. */
export function fixtureCases(): FixtureCase[] {
  return JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as FixtureCase[];
}

/** The weights file of a case. */
export function fixtureWeights(name: string): Uint8Array {
  return readFileSync(`${dir}${name}.weights.safetensors`);
}

/** The input `[B, T, 128]` and reference logits `[B, K]` of a case. */
export function fixtureIo(name: string): { input: { shape: number[]; data: Float32Array }; logits: { shape: number[]; data: Float32Array } } {
  const file = readSafetensors(readFileSync(`${dir}${name}.io.safetensors`));
  const get = (key: string): { shape: number[]; data: Float32Array } => {
    const t = file.tensors.get(key);
    if (t == null) throw new Error(`fixture ${name} lacks '${key}'`);
    return { shape: [...t.shape], data: t.data };
  };
  return { input: get('input'), logits: get('logits') };
}

const timmDir = `${dir}timm/`;

/** One case of `fixtures/timm/cases.json` (made by scripts/make-timm-fixtures.py). */
export interface TimmFixtureCase {
  readonly name: string;
  readonly preset: PresetConfig;
  readonly targetLength: number;
  readonly patchChannels: 'sum' | 'luma';
}

/** Every timm import case. */
export function timmFixtureCases(): TimmFixtureCase[] {
  return JSON.parse(readFileSync(`${timmDir}cases.json`, 'utf8')) as TimmFixtureCase[];
}

/** A file of `fixtures/timm/`: `timm-mini.safetensors` or `<case>.expected.safetensors`. */
export function timmFixture(file: string): Uint8Array {
  return readFileSync(`${timmDir}${file}`);
}

/** Names and shapes of timm's mixer_b16_224 state dict, in its order. */
export function mixerB16Shapes(): Map<string, number[]> {
  return new Map(JSON.parse(readFileSync(`${timmDir}mixer_b16_224.shapes.json`, 'utf8')) as [string, number[]][]);
}
