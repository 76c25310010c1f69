import { type FeatureMatrix, addNoise, normalizeFbank, specAugment, timeRoll } from '@spectromix/dsp';
import { SeededRng } from '@spectromix/tensor';
import type { FeatureStore } from '../features/feature-store.js';
import type { AssemblerConfig } from './assembler.js';
import type { BatchPlan } from './plan.js';
import type { Batch } from './types.js';

/**
 * Builds one batch in AST's order: mixup of the raw features (and of the labels), SpecAugment, normalisation
 * `(x - mean) / (2 * std)`, noise, time roll. Every random draw comes from the plan's seed, so the batch is the
 * same on any thread.
 */
export function assembleBatch(store: Pick<FeatureStore, 'get' | 'numFrames' | 'numBins'>, plan: BatchPlan, config: AssemblerConfig): Batch {
  const { numFrames, numBins } = store;
  const size = plan.rows.length;
  const rowSize = numFrames * numBins;
  const k = config.numClasses;
  const x = new Float32Array(size * rowSize);
  const y = new Float32Array(size * k);
  const labels = new Int32Array(size);
  const rng = new SeededRng(plan.seed);
  for (let s = 0; s < size; s++) {
    const row = plan.rows[s] as number;
    const label = config.labels[row] as number;
    labels[s] = label;
    let m: FeatureMatrix = { data: store.get(row), numFrames, numBins };
    const partner = plan.partners[s] as number;
    const lambda = plan.lambdas[s] as number;
    if (partner >= 0) {
      const other = store.get(partner);
      const data = m.data;
      for (let i = 0; i < rowSize; i++) data[i] = lambda * (data[i] as number) + (1 - lambda) * (other[i] as number);
      y[s * k + label] = (y[s * k + label] as number) + lambda;
      const otherLabel = config.labels[partner] as number;
      y[s * k + otherLabel] = (y[s * k + otherLabel] as number) + (1 - lambda);
    } else {
      y[s * k + label] = 1;
    }
    if (config.specAugment) m = specAugment(m, config.specAugment, rng);
    if (config.normalize) m = normalizeFbank(m, config.normalize.mean, config.normalize.std);
    if (config.noise !== undefined && config.noise > 0) m = addNoise(m, rng, { maxAmplitude: config.noise });
    if (config.maxRollShift !== undefined && config.maxRollShift > 0) m = timeRoll(m, rng.int(2 * config.maxRollShift) - config.maxRollShift);
    x.set(m.data, s * rowSize);
  }
  return { x, y, labels, indices: Int32Array.from(plan.rows), size, epoch: plan.epoch, index: plan.index, builtAt: performance.timeOrigin + performance.now() };
}
