import type { FeatureMatrix } from './feature-matrix.js';
import type { FbankNormStats } from './normalize.js';
import { padOrCrop } from './pad-or-crop.js';
import { FeatureError } from './errors.js';
import { assertInt } from './validate.js';

/** What {@link FbankStats} and {@link computeFbankStats} report. */
export interface FbankStatsResult extends FbankNormStats {
  /** Number of values seen. */
  count: number;
  /** Number of matrices seen. */
  clips: number;
}

/**
 * Streaming mean and standard deviation over every value of a set of feature matrices (Chan et al.'s
 * parallel update of Welford's algorithm, in float64, so the result does not depend on how the set is split).
 * `std` is the unbiased one, like `torch.std`. Give `targetLength` to accumulate over the padded or cropped
 * matrices, as AST's statistics are (zeros of the padding included).
 */
export class FbankStats {
  private n = 0;
  private m = 0;
  private m2 = 0;
  private clipCount = 0;
  private readonly targetLength: number | undefined;

  /** @param targetLength pad or crop every matrix to this many frames before accumulating. */
  constructor(targetLength?: number) {
    if (targetLength !== undefined) assertInt('targetLength', targetLength, 1);
    this.targetLength = targetLength;
  }

  /** Adds every value of one matrix. */
  add(fbank: FeatureMatrix): this {
    const data = this.targetLength === undefined ? fbank.data : padOrCrop(fbank, this.targetLength).data;
    if (data.length === 0) {
      this.clipCount++;
      return this;
    }
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i]!;
    const mean = sum / data.length;
    let m2 = 0;
    for (let i = 0; i < data.length; i++) {
      const d = data[i]! - mean;
      m2 += d * d;
    }
    this.merge(data.length, mean, m2);
    this.clipCount++;
    return this;
  }

  /** Merges the statistics gathered by another accumulator (e.g. from a worker). */
  combine(other: FbankStats): this {
    if (other.n > 0) this.merge(other.n, other.m, other.m2);
    this.clipCount += other.clipCount;
    return this;
  }

  /** The statistics so far. @throws FeatureError before two values have been seen. */
  result(): FbankStatsResult {
    if (this.n < 2) throw new FeatureError(`FbankStats has seen ${this.n} values; a standard deviation needs at least 2. Add matrices first.`);
    return { mean: this.m, std: Math.sqrt(this.m2 / (this.n - 1)), count: this.n, clips: this.clipCount };
  }

  private merge(n: number, mean: number, m2: number): void {
    const total = this.n + n;
    const delta = mean - this.m;
    this.m += (delta * n) / total;
    this.m2 += m2 + (delta * delta * this.n * n) / total;
    this.n = total;
  }
}

/**
 * Mean and standard deviation over every value of a dataset's feature matrices (sync or async iterable),
 * for `normalizeFbank`. AST computes its statistics after padding: pass the model's `targetLength`.
 */
export async function computeFbankStats(fbanks: Iterable<FeatureMatrix> | AsyncIterable<FeatureMatrix>, options: { targetLength?: number } = {}): Promise<FbankStatsResult> {
  const stats = new FbankStats(options.targetLength);
  for await (const fbank of fbanks) stats.add(fbank);
  return stats.result();
}
