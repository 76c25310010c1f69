import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_DIR } from './build-app.js';
import { BUNDLED, dataRoot, fsddClips, MICROPHONE_WAV, SYNTH_CLIPS } from './e2e-data.js';

/** A bundled model and the clips the f16-vs-fp32 comparison classifies with it, in order. */
export interface PrecisionCase {
  /** Folder under public/models/. */
  readonly model: string;
  /** Audio files, classified in this order (per-speaker models carry statistics from clip to clip). */
  readonly clips: readonly string[];
}

/** The held-out actors of the bundled RAVDESS model (fold 0): actors 01-04 (apps/web README). */
const RAVDESS_ACTOR = 'Actor_01';

/**
 * One clip per emotion of a held-out RAVDESS actor (statement 1, first repetition, normal intensity): the
 * `ravdess-emotions` model has no clips in the e2e suite, so these stand in, picked by name, never by result.
 */
export function ravdessClips(): string[] {
  return [1, 2, 3, 4, 5, 6, 7, 8].map((e) => join(dataRoot(), 'ravdess-speech', RAVDESS_ACTOR, `03-01-0${e}-01-01-01-01.opus`));
}

/** Every bundled model with its test clips: the e2e suite's for synthetic-sounds and fsdd-digits, held-out RAVDESS for the third. */
export function precisionCases(): PrecisionCase[] {
  return [
    { model: BUNDLED.synth, clips: [...SYNTH_CLIPS, MICROPHONE_WAV] },
    { model: BUNDLED.fsdd, clips: fsddClips().map((c) => c.path) },
    { model: 'ravdess-emotions', clips: ravdessClips() },
  ];
}

/** The bytes of a bundled model's single-file export (`model.safetensors`, whose metadata carries the manifest). */
export function bundledWeights(model: string): Uint8Array {
  return new Uint8Array(readFileSync(join(APP_DIR, 'public', 'models', model, 'model.safetensors')));
}
