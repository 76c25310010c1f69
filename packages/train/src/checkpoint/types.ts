import type * as tf from '@spectromix/tensor';
import type { OptimizerStateMeta } from '../optim/optimizer.js';
import type { JsonValue } from '../loop/types.js';

/** Where training stands: the next batch to run. */
export interface TrainingPosition {
  /** Zero-based epoch in progress (or about to start). */
  readonly epoch: number;
  /** Zero-based index of the next batch of that epoch; equal to batches-per-epoch when only the end-of-epoch work is left. */
  readonly batch: number;
  /** Optimiser steps completed. */
  readonly globalStep: number;
}

/** Running sums of the epoch in progress, so train metrics after a resume equal an uninterrupted run's. */
export interface EpochAccumulator {
  /** Sum over batches of `batchLoss * batchSize`. */
  readonly lossSum: number;
  /** Samples whose argmax logit matched the argmax target. */
  readonly correct: number;
  /** Samples seen this epoch. */
  readonly samples: number;
}

/** The evaluation numbers kept per epoch (the full metrics are in the JSONL log). */
export interface EvalSummary {
  /** Top-1 accuracy. */
  readonly accuracy: number;
  /** AST's mean per-class AUC. */
  readonly macroAuc: number;
  /** AST's mean per-class AP. */
  readonly mAP: number;
  /** Mean loss. */
  readonly loss: number;
}

/** One finished epoch. */
export interface EpochRecord {
  /** Zero-based epoch. */
  readonly epoch: number;
  /** Learning rate at the epoch's last step. */
  readonly lr: number;
  /** Mean training loss over the epoch's samples. */
  readonly trainLoss: number;
  /** Training accuracy (argmax logit vs argmax target). */
  readonly trainAccuracy: number;
  /** Optimiser steps completed at the end of the epoch. */
  readonly globalStep: number;
  /** Validation numbers, when there is a validation set. */
  readonly validation?: EvalSummary;
  /**
   * Test numbers of this epoch's weights, only with `fit`'s `testEachEpoch` (for reporting the test score at an
   * epoch chosen on validation, e.g. across k folds; never used for selection).
   */
  readonly test?: EvalSummary;
}

/** The best epoch so far under the selection metric. */
export interface BestEpoch {
  /** Zero-based epoch. */
  readonly epoch: number;
  /** The metric used to select (`accuracy`, `mAP`, `macroAuc` or `loss`). */
  readonly metric: string;
  /** Its value at that epoch. */
  readonly value: number;
}

/** Everything in a checkpoint besides tensors, stored as JSON in the safetensors metadata. */
export interface CheckpointMeta {
  /** Always `'spectromix-checkpoint'`. */
  readonly format: 'spectromix-checkpoint';
  /** Format version, 1. */
  readonly version: 1;
  /** ISO time of writing. */
  readonly savedAt: string;
  /** The next batch to run. */
  readonly position: TrainingPosition;
  /** Sums of the epoch in progress. */
  readonly running: EpochAccumulator;
  /** Optimiser counters and hyper-parameters. */
  readonly optimizer: OptimizerStateMeta;
  /** States of RNGs and pipelines, by name. */
  readonly states: Readonly<Record<string, JsonValue>>;
  /** Finished epochs. */
  readonly history: readonly EpochRecord[];
  /** Best epoch so far, if any epoch was validated. */
  readonly best: BestEpoch | null;
  /** The full run configuration. */
  readonly config: JsonValue;
  /** PyTorch-layout shape of every model tensor, to recognise a checkpoint of another model. */
  readonly modelShapes: Readonly<Record<string, readonly number[]>>;
}

/** A decoded checkpoint. Tensors are owned by whoever decoded it: call {@link disposeCheckpoint}. */
export interface TrainingCheckpoint {
  /** JSON part. */
  readonly meta: CheckpointMeta;
  /** Model state dict (PyTorch layout, the names of `model.stateDict()`). */
  readonly model: Map<string, tf.Tensor>;
  /** Optimiser moments, keyed as `OptimizerState.tensors`. */
  readonly optimizer: Map<string, tf.Tensor>;
}

/** Frees every tensor of a decoded checkpoint. */
export function disposeCheckpoint(checkpoint: TrainingCheckpoint): void {
  for (const t of checkpoint.model.values()) t.dispose();
  for (const t of checkpoint.optimizer.values()) t.dispose();
}

/** Why a checkpoint is being written. */
export type CheckpointReason = 'step' | 'epoch' | 'final';

/** Where the loop writes checkpoints. The Node implementation is `DirectoryCheckpointStore` in `@spectromix/train/node`. */
export interface CheckpointStore {
  /**
   * Stores an encoded checkpoint durably (a reader must never see a half-written one).
   * @returns an id or path, for messages.
   */
  save(bytes: Uint8Array, info: { readonly position: TrainingPosition; readonly reason: CheckpointReason }): Promise<string>;
  /** Stores the weights-and-state of the best epoch so far (replacing the previous best). @returns id or path. */
  saveBest(bytes: Uint8Array): Promise<string>;
  /** The best checkpoint's bytes, if one was saved. */
  loadBest(): Promise<Uint8Array | undefined>;
}
