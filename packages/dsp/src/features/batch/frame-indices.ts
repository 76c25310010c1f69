import type { PadMode } from '../frame.js';

/**
 * Sample indices `[numFrames * frameLength]` that gather the frames of a length-`numSamples` signal, frame `t`
 * starting at `t * hop - offset`. Out-of-range positions are mapped by `mode`: Kaldi's repeated reflection
 * (`'kaldi'`, `[2, 1, 0, 0, 1, 2]`), torch's `'reflect'` (`[2, 1, 0, 1, 2]`), `'replicate'`, or `'constant'`
 * (index `numSamples`: the caller appends one zero column).
 */
export function frameIndices(numSamples: number, numFrames: number, frameLength: number, hop: number, offset: number, mode: PadMode | 'kaldi'): Int32Array {
  const idx = new Int32Array(numFrames * frameLength);
  const n = numSamples;
  for (let t = 0; t < numFrames; t++) {
    for (let j = 0; j < frameLength; j++) {
      let s = t * hop - offset + j;
      if (s < 0 || s >= n) {
        if (mode === 'constant') s = n;
        else if (mode === 'replicate') s = s < 0 ? 0 : n - 1;
        else if (mode === 'reflect') s = s < 0 ? -s : 2 * n - 2 - s;
        else while (s < 0 || s >= n) s = s < 0 ? -s - 1 : 2 * n - 1 - s;
      }
      idx[t * frameLength + j] = s;
    }
  }
  return idx;
}
