import * as tf from '@spectromix/tensor';
import { createBatchPipeline, type Batch, type BatchPipeline } from '@spectromix/datasets';
import type { BatchSource, EvalSource, TrainBatch } from '@spectromix/train';
import type { RunConfig } from '../config/schema.js';
import type { PreparedData } from './prepare.js';
import { scaleToActiveFrames, warpTime } from '@spectromix/dsp';
import { applyExtraAugment, subtractClipMean, type ExtraAugment } from './extra-augment.js';
import { speakerMeans, speakerRates, subtractBinMeans, type SpeakerMeans, type SpeakerRates } from './speaker-norm.js';

/** Converts a datasets batch (typed arrays) to tensors for the training loop (which disposes them). */
export function toTrainBatch(b: Batch, numFrames: number, numBins: number, numClasses: number): TrainBatch {
  return { x: tf.tensor3d(b.x, [b.size, numFrames, numBins]), y: tf.tensor2d(b.y, [b.size, numClasses]), labels: b.labels, size: b.size };
}

/** The per-clip and per-speaker normalisations of a run (`data.clipNormalization`, `data.speakerNormalization`). */
export interface ExtraNormalization {
  /** Subtract each clip's own mean per mel bin. */
  readonly clipMean: boolean;
  /** Subtract each clip's speaker's mean per mel bin (before augmentation). */
  readonly speaker?: SpeakerMeans;
  /** Scale each clip in time by its speaker's speaking-rate factor (first of all). */
  readonly rate?: SpeakerRates;
  /** Scale each clip in time so that its active frames number this many (0: off; after the speaker's rate). */
  readonly clipFrames: number;
}

/** The {@link ExtraNormalization} a config asks for, with speaker statistics computed from the prepared data when needed. */
export function extraNormalization(
  data: PreparedData,
  settings: { clipNormalization: string; speakerNormalization: string; speakerRate?: 'none' | 'normalize' | { readonly targetFrames: number }; clipFrames?: number },
): ExtraNormalization {
  const rate = settings.speakerRate;
  return {
    clipMean: settings.clipNormalization === 'mean-per-bin',
    clipFrames: settings.clipFrames ?? 0,
    ...(settings.speakerNormalization === 'mean-per-bin' ? { speaker: speakerMeans(data) } : {}),
    ...(rate != null && rate !== 'none' ? { rate: speakerRates(data, typeof rate === 'object' ? rate.targetFrames : undefined) } : {}),
  };
}

async function* tensors(batches: AsyncIterable<Batch>, data: PreparedData, norm: ExtraNormalization, augment?: { extra: ExtraAugment; seed: number }): AsyncIterable<TrainBatch> {
  const k = data.dataset.classes.length;
  const { numFrames, numBins } = data.store;
  const { mean, std } = data.normalization;
  const floor = Math.fround(-mean / (2 * std));
  const scratch = new Float32Array(numFrames * numBins);
  for await (const b of batches) {
    const rate = norm.rate;
    if (rate != null) {
      for (let e = 0; e < b.size; e++) warpTime(b.x.subarray(e * numFrames * numBins, (e + 1) * numFrames * numBins), scratch, numFrames, numBins, rate.forRecord(b.indices[e] as number), 0, floor);
    }
    // Per-clip rate: every clip scaled in time so that its speech lasts clipFrames frames.
    if (norm.clipFrames > 0) for (let e = 0; e < b.size; e++) scaleToActiveFrames(b.x.subarray(e * numFrames * numBins, (e + 1) * numFrames * numBins), numFrames, numBins, norm.clipFrames, floor, std, scratch);
    const speaker = norm.speaker;
    if (speaker != null) subtractBinMeans(b.x, b.size, numFrames, numBins, floor, (e) => speaker.forRecord(b.indices[e] as number));
    if (augment != null) applyExtraAugment(b.x, b.size, numFrames, numBins, augment.extra, { seed: augment.seed, epoch: b.epoch, index: b.index }, std, floor);
    if (norm.clipMean) subtractClipMean(b.x, b.size, numFrames, numBins, floor);
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
  const norm = extraNormalization(data, config.data);
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
    return () => tensors(p.epoch(0), data, norm);
  };
  const validation = evalSource(data.split.validation);
  // A k-fold split with 'test-fold' validation (runs made before inner validation) validates on its test rows: reuse one pipeline.
  const sameRows = data.split.test.length === data.split.validation.length && data.split.test.every((v, i) => v === data.split.validation[i]);
  const test = sameRows ? validation : evalSource(data.split.test);
  return {
    train: {
      batchesPerEpoch: trainPipeline.batchesPerEpoch,
      epoch: (e, start) => tensors(trainPipeline.epoch(e, start), data, norm, { extra: { freqShift: augment.freqShift, gainDb: augment.gainDb, timeStretch: augment.timeStretch, timeShift: augment.timeShift, freqWarp: augment.freqWarp }, seed: config.run.seed }),
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
export function evalSourceFor(data: PreparedData, rows: readonly number[], norm: ExtraNormalization, batchSize = 32, offThread = true): { source: EvalSource; size: number; close(): Promise<void> } {
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
  return { source: () => tensors(p.epoch(0), data, norm), size: p.size, close: () => p.close() };
}
