/**
 * Speaking-rate helpers over log-mel feature matrices `[frames, bins]` (row-major typed arrays): how many frames
 * carry speech, and resampling a clip in time. The trainer's per-speaker and per-clip rate normalisations and the
 * browser classifier share them, so a model sees the same features wherever it runs.
 */

/**
 * Frames of a log-mel clip `[frames, bins]` that carry speech: not padding (rows whose every value equals `padding`)
 * and within `threshold` of the clip's loudest frame by mean value. Defaults suit raw log-mel (zero padding rows, 6
 * log units, about 26 dB); for features normalised as `(x - mean) / (2 std)` pass the normalised padding value and
 * `6 / (2 std)`.
 */
export function activeFrames(x: Float32Array, frames: number, bins: number, padding = 0, threshold = 6): number {
  const energy: number[] = [];
  for (let t = 0; t < frames; t++) {
    const o = t * bins;
    let sum = 0;
    let pad = true;
    for (let f = 0; f < bins; f++) {
      const v = x[o + f] as number;
      if (v !== padding) pad = false;
      sum += v;
    }
    if (!pad) energy.push(sum / bins);
  }
  if (energy.length === 0) return 0;
  const max = Math.max(...energy);
  return energy.filter((e) => e > max - threshold).length;
}

/**
 * Resamples one clip `[frames, bins]` in time, in place: output frame `t` reads input frame `(t - move) / stretch`
 * with linear interpolation between frames (stretch > 1 slows the clip down); frames read from outside the input
 * are padding (`floor`). Padding inside the input is resampled like any frame. `scratch` (at least
 * `frames * bins` values) holds the input meanwhile.
 */
export function warpTime(x: Float32Array, scratch: Float32Array, frames: number, bins: number, stretch: number, move: number, floor: number): void {
  scratch.set(x.subarray(0, frames * bins));
  for (let t = 0; t < frames; t++) {
    const src = (t - move) / stretch;
    const i = Math.floor(src);
    const w = src - i;
    for (let f = 0; f < bins; f++) {
      const a = i >= 0 && i < frames ? (scratch[i * bins + f] as number) : floor;
      const b = i + 1 >= 0 && i + 1 < frames ? (scratch[(i + 1) * bins + f] as number) : floor;
      x[t * bins + f] = w === 0 ? a : a + (b - a) * w;
    }
  }
}

/**
 * Per-clip speaking-rate normalisation, in place: scales a normalised clip `[frames, bins]` in time (from its first
 * frame) so that its {@link activeFrames} number `target`; a clip without active frames is left as it is. Frames
 * pushed past the end are dropped (trailing silence first), frames pulled in are padding (`padding`). `std` is the
 * training set's standard deviation of the normalisation `(x - mean) / (2 std)` (the 6-log-unit threshold is scaled
 * by it). Returns the factor applied (1 when nothing was done).
 */
export function scaleToActiveFrames(x: Float32Array, frames: number, bins: number, target: number, padding: number, std: number, scratch = new Float32Array(frames * bins)): number {
  const active = activeFrames(x, frames, bins, padding, 6 / (2 * std));
  if (active === 0) return 1;
  const factor = target / active;
  warpTime(x, scratch, frames, bins, factor, 0, padding);
  return factor;
}
