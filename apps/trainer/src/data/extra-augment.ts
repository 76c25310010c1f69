import { warpTime } from '@spectromix/dsp';
import { SeededRng } from '@spectromix/tensor';
import { groupBinMeans, subtractBinMeans } from './speaker-norm.js';

/** Augmentations the CLI adds after `@spectromix/datasets`' pipeline (which does SpecAugment, mixup, time roll, noise). */
export interface ExtraAugment {
  /** Shift each example along the mel axis by a random whole number of bins in [-freqShift, freqShift] (edges repeated). */
  readonly freqShift: number;
  /** Change each example's level by a random gain in [-gainDb, gainDb] dB (a constant added to its log-mel rows). */
  readonly gainDb: number;
  /** Stretch or squeeze each example in time by a random factor in [1 / (1 + s), 1 + s] (linear interpolation; speaking rate). */
  readonly timeStretch: number;
  /** Move each example in time by a random whole number of frames in [-timeShift, timeShift] (padding fills the gap; not circular). */
  readonly timeShift: number;
  /**
   * Vocal-tract length perturbation: warp each example's frequency axis by a random factor alpha in
   * [1 / (1 + w), 1 + w] (Hz scaled by alpha, read back through the Kaldi mel scale, linear interpolation between bins).
   */
  readonly freqWarp: number;
}

/**
 * Applies {@link ExtraAugment} in place to a normalised batch `[size, frames, bins]`. Every draw comes from a
 * generator seeded by (seed, epoch, batch index), so a resumed run replays the same augmentation. Rows that
 * are padding or fully time-masked (every bin equal to `floor`, the normalised value of a zero log-mel row)
 * keep their value under the gain.
 * @param std the normalisation std: a gain of g dB adds `g ln(10) / 10 / (2 std)` to normalised values.
 * @param floor normalised value of a zero row, `-mean / (2 std)`.
 */
export function applyExtraAugment(x: Float32Array, size: number, frames: number, bins: number, aug: ExtraAugment, key: { seed: number; epoch: number; index: number }, std: number, floor: number): void {
  if (aug.freqShift === 0 && aug.gainDb === 0 && aug.timeStretch === 0 && aug.timeShift === 0 && aug.freqWarp === 0) return;
  const rng = new SeededRng((Math.imul(key.seed + 1, 0x9e3779b1) ^ Math.imul(key.epoch + 1, 0x85ebca6b) ^ Math.imul(key.index + 1, 0xc2b2ae35)) >>> 0);
  const row = new Float32Array(bins);
  const perDb = Math.LN10 / 10 / (2 * std);
  const clip = new Float32Array(frames * bins);
  for (let e = 0; e < size; e++) {
    const shift = aug.freqShift > 0 ? rng.int(2 * aug.freqShift + 1) - aug.freqShift : 0;
    const gain = aug.gainDb > 0 ? (2 * rng.next() - 1) * aug.gainDb * perDb : 0;
    const stretch = aug.timeStretch > 0 ? (1 + aug.timeStretch) ** (2 * rng.next() - 1) : 1;
    const move = aug.timeShift > 0 ? rng.int(2 * aug.timeShift + 1) - aug.timeShift : 0;
    const alpha = aug.freqWarp > 0 ? (1 + aug.freqWarp) ** (2 * rng.next() - 1) : 1;
    if (stretch !== 1 || move !== 0) warpTime(x.subarray(e * frames * bins, (e + 1) * frames * bins), clip, frames, bins, stretch, move, floor);
    const source = alpha !== 1 ? melWarpSource(bins, alpha) : null;
    for (let t = 0; t < frames; t++) {
      const o = (e * frames + t) * bins;
      const r = x.subarray(o, o + bins);
      if (r.every((v) => v === floor)) continue;
      row.set(r);
      for (let f = 0; f < bins; f++) {
        const g = f - shift;
        const p = source == null ? g : (source[Math.min(bins - 1, Math.max(0, g))] as number);
        const i = Math.min(bins - 1, Math.max(0, Math.floor(p)));
        const j = Math.min(bins - 1, i + 1);
        const w = Math.min(1, Math.max(0, p - i));
        r[f] = (row[i] as number) * (1 - w) + (row[j] as number) * w + gain;
      }
    }
  }
}

const melOf = (hz: number): number => 1127 * Math.log(1 + hz / 700);
const hzOf = (mel: number): number => 700 * (Math.exp(mel / 1127) - 1);

/**
 * For a warp factor `alpha`, the (fractional) input bin that each output mel bin reads: output bin `f`, centred at
 * `hz`, takes the value found at `hz / alpha` on the input's axis (so alpha > 1 moves energy up, as a shorter vocal
 * tract does). Bin centres follow Kaldi's mel filterbank at 16 kHz (20 Hz to Nyquist, `bins` triangles).
 */
export function melWarpSource(bins: number, alpha: number, sampleFrequency = 16000, lowFreq = 20): Float64Array {
  const low = melOf(lowFreq);
  const delta = (melOf(sampleFrequency / 2) - low) / (bins + 1);
  const out = new Float64Array(bins);
  for (let f = 0; f < bins; f++) out[f] = (melOf(hzOf(low + (f + 1) * delta) / alpha) - low) / delta - 1;
  return out;
}

/**
 * Per-clip mean removal per mel bin (cepstral mean normalisation in the log-mel domain): for every example,
 * subtract from each bin its mean over the example's non-padding frames. Removes a clip's static spectral envelope (microphone, speaker timbre, level) and
 * keeps its time structure. Applied in place to normalised features `[size, frames, bins]`; padding rows
 * (every bin equal to `floor`) are left as they are. Used by training, evaluation and prediction alike when
 * `data.clipNormalization` is `'mean-per-bin'`.
 */
export function subtractClipMean(x: Float32Array, size: number, frames: number, bins: number, floor: number): void {
  const n = frames * bins;
  subtractBinMeans(x, size, frames, bins, floor, (e) => groupBinMeans(x.subarray(e * n, (e + 1) * n), 1, frames, bins, floor));
}
