import { FbankStats } from '@spectromix/dsp';
import { DatasetOptionsError, FeatureMissingError } from '../errors.js';
import type { FeatureStore } from './feature-store.js';

/** Options of {@link computeStats}. */
export interface ComputeStatsOptions {
  /** Rows per chunk (AST's `get_norm_stats.py` uses a DataLoader batch of 1000). Default 1000. */
  batchSize?: number;
}

/**
 * Feature mean and standard deviation as AST computes its normalisation statistics (`get_norm_stats.py`): over
 * the padded training features in chunks of `batchSize` rows, `mean` is the average of the chunk means and
 * `std` the average of the chunk standard deviations (unbiased, like `torch.std`). With at most `batchSize`
 * rows this is exactly the mean and standard deviation of every value. Use the result as
 * `normalize: { mean, std }` of the batch pipeline, which applies `(x - mean) / (2 * std)`.
 * @param indices rows to use: the training split only, never validation or test. Missing rows are skipped.
 * @throws DatasetOptionsError when no row of `indices` has features.
 */
export function computeStats(store: FeatureStore, indices: readonly number[], options: ComputeStatsOptions = {}): { mean: number; std: number } {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new DatasetOptionsError(`computeStats: batchSize must be a positive integer, got ${batchSize}`);
  const rows = indices.filter((i) => store.has(i));
  if (rows.length === 0) throw new FeatureMissingError(`computeStats: none of the ${indices.length} rows has features`);
  const means: number[] = [];
  const stds: number[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const stats = new FbankStats();
    for (const i of rows.slice(start, start + batchSize)) stats.add({ data: store.get(i), numFrames: store.numFrames, numBins: store.numBins });
    const chunk = stats.result();
    means.push(chunk.mean);
    stds.push(chunk.std);
  }
  const average = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean: average(means), std: average(stds) };
}
