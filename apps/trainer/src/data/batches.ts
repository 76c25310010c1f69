import * as tf from '@spectromix/tensor';
import { createBatchPipeline, type Batch, type BatchPipeline } from '@spectromix/datasets';
import type { BatchSource, EvalSource, TrainBatch } from '@spectromix/train';
import type { RunConfig } from '../config/schema.js';
import type { PreparedData } from './prepare.js';
import { applyExtraAugment, subtractClipMean, type ExtraAugment } from './extra-augment.js';

/** Converts a datasets batch (typed arrays) to tensors for the training loop (which disposes them). */
export function toTrainBatch(b: Batch, numFrames: number, numBins: number, numClasses: number): TrainBatch {
  return { x: tf.tensor3d(b.x, [b.size, numFrames, numBins]), y: tf.tensor2d(b.y, [b.size, numClasses]), labels: b.labels, size: b.size };
}

async function* tensors(batches: AsyncIterable<Batch>, data: PreparedData, clipMean: boolean, augment?: { extra: ExtraAugment; seed: number }): AsyncIterable<TrainBatch> {
  const k = data.dataset.classes.length;
  const { numFrames, numBins } = data.store;
  const { mean, std } = data.normalization;
  const floor = Math.fround(-mean / (2 * std));
  for await (const b of batches) {
    if (augment != null) applyExtraAugment(b.x, b.size, numFrames, numBins, augment.extra, { seed: augment.seed, epoch: b.epoch, index: b.index }, std, floor);
    if (clipMean) subtractClipMean(b.x, b.size, numFrames, numBins, floor);
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

/** Builds the pipelines of a run: augmentation per the config on the training rows, plain normalised features elsewhere. */
export function createRunBatches(config: RunConfig, data: PreparedData, options: { offThread?: boolean } = {}): RunBatches {
  const numClasses = data.dataset.classes.length;
  const normalize = { mean: data.normalization.mean, std: data.normalization.std };
  const common = { store: data.store, records: data.dataset.records, numClasses, normalize, offThread: options.offThread ?? true };
  const { augment } = config;
  const clipMean = config.data.clipNormalization === 'mean-per-bin';
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
  });
  const pipelines: BatchPipeline[] = [trainPipeline];
  const evalSource = (rows: number[]): EvalSource | undefined => {
    const present = rows.filter((i) => data.store.has(i));
    if (present.length === 0) return undefined;
    const p = createBatchPipeline({ ...common, indices: present, batchSize: Math.max(config.train.batchSize, 32), shuffle: false, seed: 0 });
    pipelines.push(p);
    return () => tensors(p.epoch(0), data, clipMean);
  };
  const validation = evalSource(data.split.validation);
  // k-fold splits validate and test on the same fold: reuse one pipeline.
  const sameRows = data.split.test.length === data.split.validation.length && data.split.test.every((v, i) => v === data.split.validation[i]);
  const test = sameRows ? validation : evalSource(data.split.test);
  return {
    train: {
      batchesPerEpoch: trainPipeline.batchesPerEpoch,
      epoch: (e, start) => tensors(trainPipeline.epoch(e, start), data, clipMean, { extra: { freqShift: augment.freqShift, gainDb: augment.gainDb, timeStretch: augment.timeStretch, timeShift: augment.timeShift, freqWarp: augment.freqWarp }, seed: config.run.seed }),
    },
    ...(validation != null ? { validation } : {}),
    ...(test != null ? { test } : {}),
    trainSize: trainPipeline.size,
    close: async () => {
      await Promise.all(pipelines.map((p) => p.close()));
    },
  };
}

/** An evaluation source over some rows (normalised features, no augmentation); `close` stops its worker. */
export function evalSourceFor(data: PreparedData, rows: readonly number[], clipMean: boolean, batchSize = 32, offThread = true): { source: EvalSource; size: number; close(): Promise<void> } {
  const p = createBatchPipeline({
    store: data.store,
    records: data.dataset.records,
    numClasses: data.dataset.classes.length,
    normalize: { mean: data.normalization.mean, std: data.normalization.std },
    indices: rows,
    batchSize,
    shuffle: false,
    seed: 0,
    offThread,
  });
  return { source: () => tensors(p.epoch(0), data, clipMean), size: p.size, close: () => p.close() };
}
