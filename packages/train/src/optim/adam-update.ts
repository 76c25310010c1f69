import type * as tf from '@spectromix/tensor';
import type { AdamMoments } from './adam-moments.js';

/** Hyper-parameters of one Adam step, shared by every parameter. */
export interface AdamStepHyper {
  /** Learning rate. */
  readonly lr: number;
  /** Moment coefficients `[beta1, beta2]`. */
  readonly betas: readonly [number, number];
  /** Denominator epsilon. */
  readonly eps: number;
  /** Weight decay coefficient. */
  readonly weightDecay: number;
  /** Decoupled decay (AdamW) instead of an L2 term added to the gradient (Adam). */
  readonly decoupled: boolean;
  /** A one-element tensor every gradient is multiplied by first (gradient clipping's coefficient), if any. */
  readonly gradScale?: tf.Tensor;
}

/** One parameter's part of an Adam step. */
export interface AdamStepItem {
  /** The parameter, updated by `assign`. */
  readonly param: tf.Variable;
  /** Its gradient (not disposed). */
  readonly grad: tf.Tensor;
  /** Its moments, replaced by the update. */
  readonly moments: AdamMoments;
  /** This parameter's step number, counting from 1 (bias correction). */
  readonly step: number;
}

/**
 * How an Adam step is computed on a backend (a strategy, chosen by backend name with {@link adamUpdateFor}):
 * every implementation gives `torch.optim.Adam` / `AdamW` results, they differ in kernels and launches.
 */
export interface AdamUpdate {
  /** A short name for logs and benchmarks. */
  readonly name: string;
  /** Updates every item's parameter and moments. */
  apply(items: readonly AdamStepItem[], hyper: AdamStepHyper): void;
}
