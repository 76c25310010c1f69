import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root (two levels above tooling/fuzz/src). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** The shared datasets: `$SPECTROMIX_DATA`, else `../shared/datasets` relative to the repository root. */
export const DATASETS = process.env['SPECTROMIX_DATA'] ?? join(REPO_ROOT, '..', 'shared', 'datasets');

/**
 * Real clips of the formats the datasets do not hold (FLAC, Ogg FLAC, Ogg Vorbis, MP3): @spectromix/dsp's
 * committed codec fixtures, made from a real clip by `packages/dsp/scripts/audio-make-fixtures.py`.
 */
export const CODEC_FIXTURES = join(REPO_ROOT, 'packages', 'dsp', 'fixtures', 'audio', 'codecs');

/** A named seed input. */
export interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Every `count`-th file (sorted) of a folder whose name ends with `suffix`, at most `limit` of them. */
export function seedsFrom(dir: string, suffix: string, limit: number): Seed[] {
  const names = readdirSync(dir).filter((n) => n.endsWith(suffix)).sort();
  const step = Math.max(1, Math.floor(names.length / limit));
  return names
    .filter((_, i) => i % step === 0)
    .slice(0, limit)
    .map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(dir, n))) }));
}

/** Real audio of each container, by the codec name `decodeAudio` reports in its errors. */
export function audioSeeds(perFormat: number): Record<'WAV' | 'Ogg Opus' | 'FLAC' | 'Ogg FLAC' | 'Ogg Vorbis' | 'MP3', Seed[]> {
  return {
    WAV: seedsFrom(join(DATASETS, 'speech-commands-sample', 'right'), '.wav', perFormat),
    'Ogg Opus': [...seedsFrom(join(DATASETS, 'fsdd', 'recordings'), '.opus', Math.ceil(perFormat / 2)), ...seedsFrom(join(DATASETS, 'ravdess-speech', 'Actor_01'), '.opus', Math.ceil(perFormat / 2))],
    FLAC: seedsFrom(CODEC_FIXTURES, '.flac', perFormat),
    'Ogg FLAC': seedsFrom(CODEC_FIXTURES, '.oga', perFormat),
    'Ogg Vorbis': seedsFrom(CODEC_FIXTURES, '.ogg', perFormat),
    MP3: seedsFrom(CODEC_FIXTURES, '.mp3', perFormat),
  };
}
