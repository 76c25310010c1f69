import { FeatureOptionError } from './errors.js';
import { assertInt } from './validate.js';

const f32 = Math.fround;

/**
 * DCT-II matrix like `torchaudio.functional.create_dct(nMfcc, nMels, norm)`: row-major `[nMels, nMfcc]`, to be
 * right-multiplied to `[frames, nMels]` rows. `norm: 'ortho'` makes it orthonormal (scipy `dct(type=2,
 * norm='ortho')`); `null` gives the unnormalised `2 cos(...)`. Rounded like torch's float32 computation.
 */
export function createDct(nMfcc: number, nMels: number, norm: 'ortho' | null = 'ortho'): Float32Array {
  assertInt('nMels', nMels, 1);
  assertInt('nMfcc', nMfcc, 1);
  if (norm !== null && norm !== 'ortho') throw new FeatureOptionError('norm', norm, "'ortho' or null");
  const out = new Float32Array(nMels * nMfcc);
  const base = f32(Math.PI / nMels);
  const scale = f32(Math.sqrt(2 / nMels));
  const first = f32(1 / Math.sqrt(2));
  for (let k = 0; k < nMfcc; k++) {
    for (let n = 0; n < nMels; n++) {
      let v = f32(Math.cos(f32(f32(base * f32(n + 0.5)) * k)));
      if (norm === null) v = f32(v * 2);
      else {
        if (k === 0) v = f32(v * first);
        v = f32(v * scale);
      }
      out[n * nMfcc + k] = v;
    }
  }
  return out;
}
