import { createDct } from './dct.js';
import { assertInt } from './validate.js';

/**
 * Cepstral smoothing of log-mel frames, in place: every frame `[bins]` of a clip `[frames, bins]` is projected onto
 * the first `keep` orthonormal DCT-II basis vectors (its first `keep` MFCCs) and read back (the inverse DCT of the
 * truncated cepstrum). Low quefrencies carry the spectral envelope (formants, what a word is); the high ones carry
 * the voice's pitch harmonics, which differ between speakers. Rows equal to `padding` in every bin are left as
 * they are. `keep >= bins` leaves the clip unchanged.
 * @param padding value of a padding row (0 for raw fbank, the normalised floor after normalisation).
 */
export function cepstralSmooth(x: Float32Array, frames: number, bins: number, keep: number, padding = 0): void {
  assertInt('keep', keep, 1);
  if (keep >= bins) return;
  const dct = basisCache(bins, keep);
  const c = new Float64Array(keep);
  for (let t = 0; t < frames; t++) {
    const o = t * bins;
    let pad = true;
    for (let f = 0; f < bins && pad; f++) pad = x[o + f] === padding;
    if (pad) continue;
    c.fill(0);
    for (let f = 0; f < bins; f++) {
      const v = x[o + f] as number;
      const row = f * keep;
      for (let k = 0; k < keep; k++) c[k] = (c[k] as number) + v * (dct[row + k] as number);
    }
    for (let f = 0; f < bins; f++) {
      const row = f * keep;
      let v = 0;
      for (let k = 0; k < keep; k++) v += (c[k] as number) * (dct[row + k] as number);
      x[o + f] = v;
    }
  }
}

const cache = new Map<string, Float32Array>();

/** The `[bins, keep]` orthonormal DCT-II matrix, made once per shape. */
function basisCache(bins: number, keep: number): Float32Array {
  const key = `${bins}x${keep}`;
  let m = cache.get(key);
  if (m == null) cache.set(key, (m = createDct(keep, bins, 'ortho')));
  return m;
}
