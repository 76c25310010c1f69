import type * as tf from '@spectromix/tensor';

/** Hyper-parameters and counters of an optimiser, as plain JSON (saved in checkpoint metadata). */
export interface OptimizerStateMeta {
  /** Which optimiser wrote the state: `'adam'` or `'adamw'`. */
  readonly kind: string;
  /** Optimiser steps taken so far (the global step count). */
  readonly step: number;
  /** Per-parameter step counts (PyTorch keeps one per parameter; they differ only when a parameter had no gradient). */
  readonly paramSteps: Readonly<Record<string, number>>;
  /** Hyper-parameters at save time, for a consistency check on restore. */
  readonly hyper: Readonly<Record<string, number | readonly number[]>>;
}

/** Everything needed to restore an optimiser exactly: JSON metadata plus named moment tensors. */
export interface OptimizerState {
  /** Counters and hyper-parameters. */
  readonly meta: OptimizerStateMeta;
  /** Moment tensors by key `<slot>/<parameter name>` (e.g. `exp_avg/blocks.0.norm1.weight`). The caller owns them. */
  readonly tensors: Map<string, tf.Tensor>;
}

/** Options of one {@link Optimizer.step}. */
export interface OptimizerStepOptions {
  /**
   * A one-element tensor every gradient is multiplied by before the update (how `trainStep` applies gradient
   * clipping's coefficient without a scaled copy of every gradient). Implementations must honour it.
   */
  readonly gradScale?: tf.Tensor;
}

/** What the training loop needs from an optimiser. */
export interface Optimizer {
  /** Learning rate used by the next {@link Optimizer.step}; the loop sets it from the schedule before each step. */
  lr: number;
  /** Optimiser steps taken so far. */
  readonly stepCount: number;
  /**
   * Applies one update to the parameters from their gradients. Gradients are keyed by parameter name; a
   * parameter with no entry is left unchanged (as PyTorch skips parameters whose `.grad` is None). The
   * gradients are not disposed.
   */
  step(grads: ReadonlyMap<string, tf.Tensor>, options?: OptimizerStepOptions): void;
  /** A copy of the optimiser's state (moments are cloned; the caller disposes them). */
  getState(): OptimizerState;
  /** Restores a state from {@link Optimizer.getState} (tensors are copied into the optimiser's own variables). */
  setState(state: OptimizerState): void;
  /** Frees the optimiser's moment variables. */
  dispose(): void;
}
