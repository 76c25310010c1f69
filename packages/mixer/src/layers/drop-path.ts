import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { initRng } from '../init.js';
import { MixerConfigError } from '../errors.js';
import type { ResidualOptions } from './linear.js';

/**
 * Stochastic depth (timm's `DropPath`): in training mode, zeroes a whole residual branch for a random subset of
 * the batch with probability `rate` and scales kept items by `1 / (1 - rate)`; in eval mode it is the identity.
 * The masks come from a private {@link tf.SeededRng} forked from the init generator, so a seeded model drops the
 * same items on every backend, and `rngState()` / `setRngState()` let a trainer checkpoint the sequence.
 */
export class DropPath extends Module {
  #rng: tf.SeededRng;

  /** @param rate drop probability in [0, 1). */
  constructor(readonly rate: number) {
    super();
    if (!(rate >= 0 && rate < 1)) throw new MixerConfigError(`DropPath: rate must be in [0, 1), got ${rate}.`);
    this.#rng = new tf.SeededRng(initRng().fork());
  }

  /** Whether {@link forward} drops anything now (training mode and a positive rate); otherwise it is the identity. */
  get active(): boolean {
    return this.training && this.rate > 0;
  }

  /** `[B, ...]` -> same shape. */
  forward(x: tf.Tensor): tf.Tensor {
    if (!this.active) return x;
    const keep = 1 - this.rate;
    const batch = x.shape[0] as number;
    const mask = new Float32Array(batch);
    for (let i = 0; i < batch; i++) mask[i] = this.#rng.next() < keep ? 1 / keep : 0;
    return tf.tidy(() => tf.mul(x, tf.tensor(mask, [batch, ...x.shape.slice(1).map(() => 1)])));
  }

  /**
   * A residual branch, `x + forward(branch())`. While the path cannot be dropped the branch receives `x` as
   * `options.residual` and adds it itself, inside its last op where the backend fuses it.
   */
  addTo(x: tf.Tensor, branch: (options: ResidualOptions) => tf.Tensor): tf.Tensor {
    return this.active ? tf.tidy(() => tf.add(x, this.forward(branch({})))) : branch({ residual: x });
  }

  /** The mask generator's state, for checkpoints. */
  rngState(): tf.RngState {
    return this.#rng.state();
  }

  /** Restores the mask generator's state from {@link rngState}. */
  setRngState(state: tf.RngState): void {
    this.#rng = tf.SeededRng.fromState(state);
  }
}
