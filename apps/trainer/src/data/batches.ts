import * as tf from '@spectromix/tensor';
import { createBatchPipeline, type Batch, type BatchPipeline, type BatchSpeakers } from '@spectromix/datasets';
import { paddingValue } from '@spectromix/features';
import type { BatchSource, EvalSource, TrainBatch } from '@spectromix/train';
import type { RunConfig } from '../config/schema.js';
import type { PreparedData } from './prepare.js';
import { applyExtraAugment, type ExtraAugment } from './extra-augment.js';
import { batchSpeakers, variantSpeakers } from './speaker-norm.js';

/** Converts a datasets batch (typed arrays) to tensors for the training loop (which disposes them). */
export function toTrainBatch(b: Batch, numFrames: number, numBins: number, numClasses: number): TrainBatch {
  return { x: tf.tensor3d(b.x, [b.size, numFrames, numBins]), y: tf.tensor2d(b.y, [b.size, numClasses]), labels: b.labels, size: b.size };
}

/**
 * The batches' model inputs come from the datasets pipeline (for training, from the clip's speed / VTLP copy of the
 * epoch when `augment.speed` or `augment.vtlp` is on), which runs the feature recipe of `@spectromix/features`
 * (normalisation, then the speaker steps of `speakers`) before any augmentation; this adds the CLI's own augmentation
 * (`augment.freqShift`, `augment.gainDb`), after the datasets pipeline's, to training batches.
 */
async function* tensors(batches: AsyncIterable<Batch>, data: PreparedData, augment?: { extra: ExtraAugment; seed: number }): AsyncIterable<TrainBatch> {
  const k = data.dataset.classes.length;
  const { numFrames, numBins } = data.store;
  const floor = paddingValue(data.normalization);
  for await (const b of batches) {
    if (augment != null) applyExtraAugment(b.x, b.size, numFrames, numBins, augment.extra, { seed: augment.seed, epoch: b.epoch, index: b.index }, data.normalization.std, floor);
    yield toTrainBatch(b, numFrames, numBins, k);
  }
}

/** The training batch source and the evaluation sources of a prepared dataset. */
export interface RunBatches {
  /** Shuffled, augmented training batches; a pure function of (seed, epoch, batch). */
  readonly train: BatchSource;
  /** Validation batches (no augmentation), or undefined when the split has none. */
  readonly validation?: EvalSource;
  /** Test batches (no augmentation), or undefined when the split has none. */
  readonly test?: EvalSource;
  /** Training examples. */
  readonly trainSize: number;
  /** Stops worker threads. */
  close(): Promise<void>;
}

/** Builds the pipelines of a run: the model inputs of the feature recipe everywhere, augmented per the config on the training rows. */
export function createRunBatches(config: RunConfig, data: PreparedData, options: { offThread?: boolean } = {}): RunBatches {
  const numClasses = data.dataset.classes.length;
  const normalize = { mean: data.normalization.mean, std: data.normalization.std };
  const speakers = batchSpeakers(data, config.data);
  const common = { store: data.store, records: data.dataset.records, numClasses, normalize, ...(speakers != null ? { speakers } : {}), offThread: options.offThread ?? true };
  const { augment } = config;
  const trainPipeline = createBatchPipeline({
    ...common,
    indices: data.split.train,
    batchSize: config.train.batchSize,
    shuffle: true,
    seed: config.run.seed,
    balanced: config.train.balanced,
    ...(augment.freqm > 0 || augment.timem > 0 ? { specAugment: { freqMaskParam: augment.freqm, timeMaskParam: augment.timem } } : {}),
    ...(augment.mixup != null ? { mixup: augment.mixup } : {}),
    ...(augment.timeRoll ? { timeRoll: true } : {}),
    ...(augment.noise > 0 ? { noise: augment.noise } : {}),
    // Speed / VTLP copies: training rows only, one copy per clip and epoch; validation and test below never get them.
    ...(data.perturbed != null ? { variants: { stores: data.perturbed.stores, ...(speakers != null ? { speakers: variantSpeakers(data, data.perturbed.stores, speakers) } : {}) } } : {}),
  });
  const pipelines: BatchPipeline[] = [trainPipeline];
  const evalSource = (rows: number[]): EvalSource | undefined => {
    const present = rows.filter((i) => data.store.has(i));
    if (present.length === 0) return undefined;
    const p = createBatchPipeline({ ...common, indices: present, batchSize: Math.max(config.train.batchSize, 32), shuffle: false, seed: 0 });
    pipelines.push(p);
    return () => tensors(p.epoch(0), data);
  };
  const validation = evalSource(data.split.validation);
  // A k-fold split with 'test-fold' validation (runs made before inner validation) validates on its test rows: reuse one pipeline.
  const sameRows = data.split.test.length === data.split.validation.length && data.split.test.every((v, i) => v === data.split.validation[i]);
  const test = sameRows ? validation : evalSource(data.split.test);
  return {
    train: {
      batchesPerEpoch: trainPipeline.batchesPerEpoch,
      epoch: (e, start) => tensors(trainPipeline.epoch(e, start), data, { extra: { freqShift: augment.freqShift, gainDb: augment.gainDb }, seed: config.run.seed }),
    },
    ...(validation != null ? { validation } : {}),
    ...(test != null ? { test } : {}),
    trainSize: trainPipeline.size,
    close: async () => {
      await Promise.all(pipelines.map((p) => p.close()));
    },
  };
}

/**
 * An evaluation source over some rows (the model inputs of the feature recipe, no augmentation); `close` stops its
 * worker. `speakers`: the per-speaker steps of the model (`batchSpeakers`), absent for a model without them.
 */
export function evalSourceFor(data: PreparedData, rows: readonly number[], speakers: BatchSpeakers | undefined, batchSize = 32, offThread = true): { source: EvalSource; size: number; close(): Promise<void> } {
  const p = createBatchPipeline({
    store: data.store,
    records: data.dataset.records,
    numClasses: data.dataset.classes.length,
    normalize: { mean: data.normalization.mean, std: data.normalization.std },
    ...(speakers != null ? { speakers } : {}),
    indices: rows,
    batchSize,
    shuffle: false,
    seed: 0,
    offThread,
  });
  return { source: () => tensors(p.epoch(0), data), size: p.size, close: () => p.close() };
}
