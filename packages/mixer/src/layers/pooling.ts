import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { InputShapeError } from '../errors.js';

/** Mean over tokens: `[B, N, D]` -> `[B, D]`. */
export function meanPool(x: tf.Tensor): tf.Tensor2D {
  if (x.rank !== 3) throw new InputShapeError('meanPool', 'rank', '3 ([batch, tokens, channels])', x.rank);
  return tf.mean(x, 1) as tf.Tensor2D;
}

/** {@link meanPool} as a parameter-free layer. */
export class MeanPool extends Module {
  /** `[B, N, D]` -> `[B, D]`. */
  forward(x: tf.Tensor): tf.Tensor2D {
    return meanPool(x);
  }
}
