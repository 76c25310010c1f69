import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { Linear } from './linear.js';
import { meanPool } from './pooling.js';

/**
 * Mean over tokens, then a linear classifier: `[B, N, D]` -> `[B, K]`. The Linear is inlined, so a model that
 * registers the head as `head` has the contract's `head.weight` `[K, D]` and `head.bias` `[K]`. The weight
 * starts at zero (logits start equal), as the contract's initialisation says.
 */
export class ClassifierHead extends Module {
  /** The classifier. */
  readonly fc: Linear;

  /**
   * @param inFeatures token width D.
   * @param numClasses classes K.
   */
  constructor(
    readonly inFeatures: number,
    readonly numClasses: number,
  ) {
    super();
    this.fc = this.inline(new Linear(inFeatures, numClasses, { weightInit: 'zeros' }));
  }

  /** `[B, N, D]` -> logits `[B, K]`, or the pooled features `[B, D]` with `preLogits`. */
  forward(x: tf.Tensor, options: { preLogits?: boolean } = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const pooled = meanPool(x);
      return options.preLogits === true ? pooled : (this.fc.forward(pooled) as tf.Tensor2D);
    });
  }
}
