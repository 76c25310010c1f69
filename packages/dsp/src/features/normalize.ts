import { FeatureOptionError } from './errors.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { assertNumber } from './validate.js';

/** Dataset statistics of a feature matrix: one mean and one standard deviation over all values. */
export interface FbankNormStats {
  /** Mean of every value of every (padded) training matrix. */
  mean: number;
  /** Standard deviation of the same values. */
  std: number;
}

/** AST's Speech Commands statistics (model contract, docs/asm-rh.md section 1), for `normalizeFbank`. */
export const AST_SPEECH_COMMANDS_STATS: Readonly<FbankNormStats> = Object.freeze({ mean: -6.845978, std: 5.5654526 });

/** Throws unless `mean` is finite and `std` is finite and positive. */
export function assertNormStats(mean: number, std: number): void {
  assertNumber('mean', mean);
  if (typeof std !== 'number' || !Number.isFinite(std) || std <= 0) {
    throw new FeatureOptionError('std', std, 'a finite number > 0', 'Compute it with computeFbankStats over the training set.');
  }
}

/**
 * AST's normalisation `(x - mean) / (2 * std)` with the training set's statistics (see `computeFbankStats`,
 * {@link AST_SPEECH_COMMANDS_STATS}). Returns a new matrix.
 */
export function normalizeFbank(fbank: FeatureMatrix, mean: number, std: number): FeatureMatrix {
  assertNormStats(mean, std);
  const scale = 1 / (2 * std);
  const data = new Float32Array(fbank.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (fbank.data[i]! - mean) * scale;
  return { data, numFrames: fbank.numFrames, numBins: fbank.numBins };
}
