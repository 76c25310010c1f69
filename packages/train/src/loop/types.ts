import type * as tf from '@spectromix/tensor';

/**
 * What the loop needs from a model: a `@spectromix/mixer` `Module` with a `forward(x, { training })` (for
 * instance an `@spectromix/asm-rh` model) satisfies it structurally.
 */
export interface TrainableModel {
  /** Logits `[B, K]` for a batch of features. */
  forward(x: tf.Tensor, options: { training: boolean }): tf.Tensor;
  /** Parameters the optimiser updates, by dotted name. */
  trainableParameters(): Map<string, tf.Variable>;
  /** Every parameter as new tensors in PyTorch layout (the caller disposes them). */
  stateDict(): Map<string, tf.Tensor>;
  /** Assigns parameters from a PyTorch-layout state dict; throws when names or shapes differ. */
  loadStateDict(state: ReadonlyMap<string, tf.Tensor>): unknown;
  /** Switches training mode (stochastic layers active) on or off. */
  train(mode?: boolean): unknown;
  /**
   * Every submodule by dotted name (a mixer `Module` has it). Submodules with `rngState()` / `setRngState()`
   * (mixer's `DropPath`) get their generator state saved in checkpoints, so a resume replays their masks.
   */
  namedModules?(): Map<string, object>;
}

/** One batch, as `@spectromix/datasets`'s batch pipeline yields it. */
export interface TrainBatch {
  /** Features `[B, T, F]`. The loop disposes it after use. */
  readonly x: tf.Tensor;
  /** Targets `[B, K]`: one-hot or soft (mixup) labels. The loop disposes it after use. */
  readonly y: tf.Tensor;
  /** The class index of each sample (the dominant one under mixup), for accuracy. */
  readonly labels: ArrayLike<number>;
  /** Samples in the batch. */
  readonly size: number;
}

/** A source of training batches whose order is a pure function of the epoch index (so a resume replays it). */
export interface BatchSource {
  /**
   * The batches of one epoch, starting at batch `startBatch` (used to resume mid-epoch).
   * @param epochIndex zero-based epoch.
   * @param startBatch zero-based index of the first batch to yield (default 0).
   */
  epoch(epochIndex: number, startBatch?: number): AsyncIterable<TrainBatch>;
  /** Batches in every epoch. */
  readonly batchesPerEpoch: number;
}

/** A source of evaluation batches: called once per evaluation. */
export type EvalSource = () => AsyncIterable<TrainBatch>;

/** JSON values, for configs and states stored in checkpoints. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Something whose state must survive a resume (a data pipeline, an RNG). */
export interface Stateful {
  /** A JSON snapshot of the state. */
  getState(): JsonValue;
  /** Restores a snapshot from {@link Stateful.getState}. */
  setState(state: JsonValue): void;
}
