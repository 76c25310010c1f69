import { activeFrames } from '@spectromix/dsp';
import type { FeatureSettings } from './settings.js';
import { paddingValue } from './settings.js';

/** A speaker's statistics as the recipe applies them: plain data (it crosses to batch worker threads). */
export interface SpeakerProfile {
  /** The speaker's mean of each mel bin over the non-padding frames of his clips (normalised domain), `[bins]`. */
  readonly binMeans: Float32Array;
  /** The speaker's mean active frames (speech frames) per clip; 0 when none of his clips has speech. */
  readonly meanActiveFrames: number;
}

/**
 * Running statistics of one speaker's clips, the one definition training, `spectromix predict` and the classifier
 * share: the mean of each mel bin over every non-padding frame (a row not all equal to the padding value) of the
 * normalised clips, accumulated in float64, and the mean number of active frames per clip (`activeFrames` of
 * `@spectromix/dsp`: within 6 log units, about 26 dB, of the clip's loudest frame). Clips are added before any
 * time scaling. Labels are never read, so a held-out speaker's statistics come from his own unlabelled recordings.
 */
export class SpeakerStats {
  readonly #sum: Float64Array;
  readonly #bins: number;
  readonly #frames: number;
  readonly #floor: number;
  readonly #threshold: number;
  #count = 0;
  #active = 0;
  #clips = 0;

  /** @param settings the model's feature settings (frames, bins and the normalisation statistics). */
  constructor(settings: Pick<FeatureSettings, 'targetLength' | 'numMelBins' | 'mean' | 'std'>) {
    this.#bins = settings.numMelBins;
    this.#frames = settings.targetLength;
    this.#sum = new Float64Array(settings.numMelBins);
    this.#floor = paddingValue(settings);
    this.#threshold = 6 / (2 * settings.std);
  }

  /** Non-padding frames added so far. */
  get frames(): number {
    return this.#count;
  }

  /** Clips added so far. */
  get clips(): number {
    return this.#clips;
  }

  /** Adds one normalised clip `[targetLength, bins]` (before any time scaling). */
  addClip(normalized: Float32Array): void {
    const bins = this.#bins;
    for (let t = 0; t < this.#frames; t++) {
      const o = t * bins;
      if (isPaddingRow(normalized, o, bins, this.#floor)) continue;
      this.#count++;
      for (let f = 0; f < bins; f++) this.#sum[f] = (this.#sum[f] as number) + (normalized[o + f] as number);
    }
    this.#active += activeFrames(normalized, this.#frames, bins, this.#floor, this.#threshold);
    this.#clips++;
  }

  /** The statistics so far (zeros before any frame). */
  profile(): SpeakerProfile {
    const n = this.#count;
    return { binMeans: Float32Array.from(this.#sum, (v) => (n === 0 ? 0 : v / n)), meanActiveFrames: this.#clips === 0 ? 0 : this.#active / this.#clips };
  }

  /** Forgets every clip (a new speaker). */
  reset(): void {
    this.#sum.fill(0);
    this.#count = 0;
    this.#active = 0;
    this.#clips = 0;
  }
}

/**
 * The time scale that brings a speaker's clips to `targetFrames` active frames on average: `targetFrames /` his mean
 * active frames per clip (1 for a speaker without speech).
 */
export function rateFactor(profile: SpeakerProfile, targetFrames: number): number {
  return profile.meanActiveFrames > 0 ? targetFrames / profile.meanActiveFrames : 1;
}

/** True when row `o..o+bins` is padding: every value equals `floor`. */
export function isPaddingRow(x: Float32Array, o: number, bins: number, floor: number): boolean {
  for (let f = 0; f < bins; f++) if (x[o + f] !== floor) return false;
  return true;
}
