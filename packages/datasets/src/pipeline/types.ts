import type { FeatureStore } from '../features/feature-store.js';
import type { AudioRecord } from '../types.js';
import type { BatchSpeakers } from './assembler.js';

/** One batch of features and labels, ready for a model taking `x: [B, T, bins]`. */
export interface Batch {
  /** Features `[size, numFrames, numBins]`, row-major. */
  x: Float32Array;
  /** Soft labels `[size, numClasses]` (one-hot, or the mixup blend of two). */
  y: Float32Array;
  /** Label index of each example (the first one, before mixup). */
  labels: Int32Array;
  /** Record (store row) index of each example. */
  indices: Int32Array;
  /** Examples in this batch (the last one may be smaller unless `dropLast`). */
  size: number;
  /** Epoch this batch belongs to. */
  epoch: number;
  /** Position of this batch in its epoch, from 0. */
  index: number;
  /**
   * When the batch was finished, in milliseconds since the Unix epoch (`performance.timeOrigin +
   * performance.now()`, comparable across threads): compare it with the end of a training step to see whether
   * the batch was ready in time. The only field that differs between two builds of the same batch.
   */
  builtAt: number;
}

/** Where a pipeline stands: enough to resume the exact same stream of batches after a restart. */
export interface PipelineState {
  /** The pipeline's seed. */
  seed: number;
  /** Epoch of the next batch. */
  epoch: number;
  /** Index (in that epoch) of the next batch; resume with `pipeline.epoch(state.epoch, state.batch)`. */
  batch: number;
  /** Batches in every epoch. */
  batchesPerEpoch: number;
}

/** Options of {@link createBatchPipeline}. */
export interface BatchPipelineOptions {
  /** Features, row `i` for `records[i]`. */
  store: FeatureStore;
  /** The records the store was built for (labels come from `labelIndex`). */
  records: readonly AudioRecord[];
  /** Rows this pipeline draws from (a split); rows without features are left out. */
  indices: readonly number[];
  /** Width of the soft labels `y`. */
  numClasses: number;
  /** Examples per batch. */
  batchSize: number;
  /** Shuffle every epoch (seeded). Without it and without `balanced`, batches follow `indices`. */
  shuffle: boolean;
  /** Seed of the order and of every augmentation; with the epoch index it fixes every batch. */
  seed: number;
  /**
   * Dataset statistics (see `computeStats`): every example becomes its model input by the recipe of
   * `@spectromix/features`, `(x - mean) / (2 * std)` as in AST, before any augmentation.
   */
  normalize?: { mean: number; std: number };
  /**
   * The per-speaker steps of the recipe (speaking-rate and mean normalisation per speaker), applied after `normalize`
   * and before any augmentation, as serving applies them. Needs `normalize`.
   */
  speakers?: BatchSpeakers;
  /** SpecAugment (torchaudio FrequencyMasking/TimeMasking widths; AST freqm/timem), on the model inputs; masked cells take a padding frame's value. */
  specAugment?: { freqMaskParam: number; timeMaskParam: number };
  /** Feature-level mixup: with probability `prob` (default 1) an example is blended with a random one of the split by `lambda ~ Beta(alpha, alpha)`, labels too. AST: alpha 10. */
  mixup?: { alpha: number; prob?: number };
  /** Roll each example along time by a random shift in [-maxShift, maxShift) (`true`: AST's 10 frames). */
  timeRoll?: boolean | { maxShift: number };
  /** Add AST's uniform feature noise (to the model inputs) with this largest amplitude (AST: 0.1). */
  noise?: number;
  /** Draw examples class-balanced (uniform over classes, then over the class's examples, with replacement) instead of each once. */
  balanced?: boolean;
  /** Drop the last, smaller batch of an epoch. */
  dropLast?: boolean;
  /** Batches prepared ahead of the consumer (default 2; 0 assembles on demand). */
  prefetch?: number;
  /** Build batches off the main thread when the store offers it (default true; Node file stores do). */
  offThread?: boolean;
  /**
   * Training-only perturbed copies of the clips (speed perturbation, VTLP: one feature cache file per perturbation,
   * row `i` for `records[i]` like `store`). Every epoch each example draws one of `variants.stores` uniformly, seeded
   * by (seed, epoch, row): a clip keeps its copy for the whole epoch (as a mixup partner too), and a resumed run draws
   * the same. The copy then takes the recipe's steps like any clip. A row a copy lacks (its clip failed there) falls
   * back to `store`. Never give it to an evaluation pipeline.
   */
  variants?: PipelineVariants;
}

/** The perturbed copies a training pipeline draws from (see {@link BatchPipelineOptions.variants}). */
export interface PipelineVariants {
  /** One store per perturbation, each with `store`'s rows and shape (the unperturbed store may be one of them). */
  readonly stores: readonly FeatureStore[];
  /**
   * With `speakers`: each copy's own per-speaker statistics (`stores[v]`'s clips of each speaker, as Kaldi treats a
   * perturbed speaker as a new one), same `ofRow`; required then, one per store.
   */
  readonly speakers?: readonly BatchSpeakers[];
}

/** A seeded, resumable stream of batches over one split. */
export interface BatchPipeline {
  /**
   * The batches of epoch `epochIndex`, from `startBatch` (default 0). The same seed, epoch and batch index give
   * the same batch, so a resumed run replays the interrupted epoch exactly from where it stopped.
   */
  epoch(epochIndex: number, startBatch?: number): AsyncIterable<Batch>;
  /** Batches in each epoch. */
  readonly batchesPerEpoch: number;
  /** Examples the pipeline draws from (indices with features). */
  readonly size: number;
  /** Rows of `indices` left out because their clip has no features. */
  readonly skipped: number[];
  /** The position after the last batch handed out. */
  state(): PipelineState;
  /** Stops the off-thread assembler, if any. */
  close(): Promise<void>;
}
