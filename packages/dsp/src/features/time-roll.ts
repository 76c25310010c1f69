import type { FeatureMatrix } from './feature-matrix.js';
import { assertInt } from './validate.js';

/**
 * Rolls a `[frames, bins]` matrix along time like `torch.roll(fbank, shift, 0)`: `out[t] = in[(t - shift) mod
 * frames]`, rows pushed off one end come back at the other. AST draws `shift` uniformly from [-10, 10)
 * (`rng.int(20) - 10`). Returns a new matrix.
 */
export function timeRoll(fbank: FeatureMatrix, shift: number): FeatureMatrix {
  assertInt('shift', shift, Number.MIN_SAFE_INTEGER);
  const { numFrames, numBins } = fbank;
  const data = new Float32Array(fbank.data.length);
  if (numFrames === 0) return { data, numFrames, numBins };
  const s = ((shift % numFrames) + numFrames) % numFrames;
  // Rows [0, T - s) move to [s, T); rows [T - s, T) wrap to [0, s).
  data.set(fbank.data.subarray(0, (numFrames - s) * numBins), s * numBins);
  data.set(fbank.data.subarray((numFrames - s) * numBins), 0);
  return { data, numFrames, numBins };
}
