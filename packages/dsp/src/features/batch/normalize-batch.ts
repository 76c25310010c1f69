import * as tf from '@spectromix/tensor';
import { assertNormStats } from '../normalize.js';

/** Batched {@link normalizeFbank}: AST's `(x - mean) / (2 * std)` on a tensor of any shape. */
export function normalizeBatch<T extends tf.Tensor>(x: T, mean: number, std: number): T {
  assertNormStats(mean, std);
  return tf.tidy(() => tf.mul(tf.sub(x, mean), 1 / (2 * std)) as T);
}
