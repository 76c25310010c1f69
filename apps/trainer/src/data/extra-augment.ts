import { SeededRng } from '@spectromix/tensor';

/** Augmentations the CLI adds after `@spectromix/datasets`' pipeline (which does SpecAugment, mixup, time roll, noise). */
export interface ExtraAugment {
  /** Shift each example along the mel axis by a random whole number of bins in [-freqShift, freqShift] (edges repeated). */
  readonly freqShift: number;
  /** Change each example's level by a random gain in [-gainDb, gainDb] dB (a constant added to its log-mel rows). */
  readonly gainDb: number;
}

/**
 * Applies {@link ExtraAugment} in place to a batch of model inputs `[size, frames, bins]` (training only, after the
 * feature recipe like every augmentation). Every draw comes from a generator seeded by (seed, epoch, batch index),
 * so a resumed run replays the same augmentation. Rows that are padding or fully time-masked (every bin equal to
 * `floor`, the normalised value of a zero log-mel row) keep their value under the gain.
 * @param std the normalisation std: a gain of g dB adds `g ln(10) / 10 / (2 std)` to normalised values.
 * @param floor normalised value of a zero row, `-mean / (2 std)`.
 */
export function applyExtraAugment(x: Float32Array, size: number, frames: number, bins: number, aug: ExtraAugment, key: { seed: number; epoch: number; index: number }, std: number, floor: number): void {
  if (aug.freqShift === 0 && aug.gainDb === 0) return;
  const rng = new SeededRng((Math.imul(key.seed + 1, 0x9e3779b1) ^ Math.imul(key.epoch + 1, 0x85ebca6b) ^ Math.imul(key.index + 1, 0xc2b2ae35)) >>> 0);
  const row = new Float32Array(bins);
  const perDb = Math.LN10 / 10 / (2 * std);
  for (let e = 0; e < size; e++) {
    const shift = aug.freqShift > 0 ? rng.int(2 * aug.freqShift + 1) - aug.freqShift : 0;
    const gain = aug.gainDb > 0 ? (2 * rng.next() - 1) * aug.gainDb * perDb : 0;
    for (let t = 0; t < frames; t++) {
      const o = (e * frames + t) * bins;
      const r = x.subarray(o, o + bins);
      if (r.every((v) => v === floor)) continue;
      row.set(r);
      for (let f = 0; f < bins; f++) r[f] = (row[Math.min(bins - 1, Math.max(0, f - shift))] as number) + gain;
    }
  }
}
