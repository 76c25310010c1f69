import type { FeatureMatrix } from './feature-matrix.js';
import { assertInt } from './validate.js';

/**
 * Pads a `[frames, bins]` matrix with zero rows at the end, or cuts it, to exactly `targetLength` frames (AST's
 * `ZeroPad2d((0, 0, 0, p))` / `fbank[0:targetLength]`). Returns a new matrix (the input is never shared).
 */
export function padOrCrop(fbank: FeatureMatrix, targetLength: number): FeatureMatrix {
  assertInt('targetLength', targetLength, 1);
  const { numBins } = fbank;
  const data = new Float32Array(targetLength * numBins);
  const keep = Math.min(fbank.numFrames, targetLength) * numBins;
  data.set(fbank.data.subarray(0, keep));
  return { data, numFrames: targetLength, numBins };
}
