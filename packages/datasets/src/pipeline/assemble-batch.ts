import { type FeatureMatrix, addNoise, specAugment, timeRoll } from '@spectromix/dsp';
import { applySpeaker, normalizeClip, paddingValue, type SpeakerSettings } from '@spectromix/features';
import { SeededRng } from '@spectromix/tensor';
import type { FeatureStore } from '../features/feature-store.js';
import type { AssemblerConfig } from './assembler.js';
import type { BatchPlan } from './plan.js';
import type { Batch } from './types.js';

/**
 * Builds one batch. Every example is first the model input of its clip, made by the one feature recipe of
 * `@spectromix/features` (normalisation `(x - mean) / (2 * std)`, then the speaker's steps when `speakers` is set),
 * exactly what serving computes; training augmentation comes after it, in AST's order: mixup of the inputs (and of
 * the labels), SpecAugment (masked cells take the value of a padding frame), noise, time roll. Every random draw
 * comes from the plan's seed, so the batch is the same on any thread. With `plan.variants`, each example (and its
 * mixup partner) is read from its perturbed copy in `variants` (training only), whose speaker statistics are
 * `config.variantSpeakers`.
 */
export function assembleBatch(store: StoreRows, plan: BatchPlan, config: AssemblerConfig, variants: readonly StoreRows[] = []): Batch {
  const { numFrames, numBins } = store;
  const size = plan.rows.length;
  const rowSize = numFrames * numBins;
  const k = config.numClasses;
  const x = new Float32Array(size * rowSize);
  const y = new Float32Array(size * k);
  const labels = new Int32Array(size);
  const rng = new SeededRng(plan.seed);
  const recipe = recipeOf(config, numFrames, numBins);
  const scratch = new Float32Array(rowSize);
  const input = (row: number, variant: number): Float32Array => {
    // A perturbed copy (plan.variants), or the clip itself when there is none or the copy lacks this row.
    const copy = variant >= 0 ? variants[variant] : undefined;
    const fromCopy = copy != null && copy.has(row);
    const source = fromCopy ? copy : store;
    if (recipe == null) return source.get(row);
    const x = normalizeClip(source.get(row), recipe);
    const speakers = fromCopy ? (config.variantSpeakers?.[variant] ?? config.speakers) : config.speakers;
    if (speakers != null) applySpeaker(x, recipe, speakers.profiles[speakers.ofRow[row] as number], scratch);
    return x;
  };
  const maskValue = recipe == null ? 0 : paddingValue(recipe);
  for (let s = 0; s < size; s++) {
    const row = plan.rows[s] as number;
    const label = config.labels[row] as number;
    labels[s] = label;
    let m: FeatureMatrix = { data: input(row, plan.variants?.own[s] ?? -1), numFrames, numBins };
    const partner = plan.partners[s] as number;
    const lambda = plan.lambdas[s] as number;
    if (partner >= 0) {
      const other = input(partner, plan.variants?.partner[s] ?? -1);
      const data = m.data;
      for (let i = 0; i < rowSize; i++) data[i] = lambda * (data[i] as number) + (1 - lambda) * (other[i] as number);
      y[s * k + label] = (y[s * k + label] as number) + lambda;
      const otherLabel = config.labels[partner] as number;
      y[s * k + otherLabel] = (y[s * k + otherLabel] as number) + (1 - lambda);
    } else {
      y[s * k + label] = 1;
    }
    if (config.specAugment) m = specAugment(m, { ...config.specAugment, maskValue }, rng);
    if (config.noise !== undefined && config.noise > 0) m = addNoise(m, rng, { maxAmplitude: config.noise });
    if (config.maxRollShift !== undefined && config.maxRollShift > 0) m = timeRoll(m, rng.int(2 * config.maxRollShift) - config.maxRollShift);
    x.set(m.data, s * rowSize);
  }
  return { x, y, labels, indices: Int32Array.from(plan.rows), size, epoch: plan.epoch, index: plan.index, builtAt: performance.timeOrigin + performance.now() };
}

/** What a batch reads of a feature store. */
type StoreRows = Pick<FeatureStore, 'get' | 'has' | 'numFrames' | 'numBins'>;

/** The recipe settings of a batch (the store's frames and bins), or undefined when the batch is not normalised. */
function recipeOf(config: AssemblerConfig, numFrames: number, numBins: number): SpeakerSettings | undefined {
  if (config.normalize == null) return undefined;
  const speakers = config.speakers;
  return {
    numMelBins: numBins,
    targetLength: numFrames,
    mean: config.normalize.mean,
    std: config.normalize.std,
    speakerNormalization: speakers?.speakerNormalization ?? 'none',
    speakerRate: speakers?.speakerRate ?? 'none',
  };
}
