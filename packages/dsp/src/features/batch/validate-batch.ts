import type * as tf from '@spectromix/tensor';
import { FeatureOptionError } from '../errors.js';

/** Throws unless `x` is a float32 tensor of the given rank with a non-empty last axis. */
export function assertBatch(x: tf.Tensor, rank: number, name: string, layout: string): void {
  if (x.rank !== rank || x.dtype !== 'float32') {
    throw new FeatureOptionError(name, `a ${x.dtype} tensor of shape [${x.shape.join(', ')}]`, `a float32 tensor of rank ${rank} (${layout})`);
  }
  if (x.shape[rank - 1] === 0) throw new FeatureOptionError(name, `a tensor of shape [${x.shape.join(', ')}]`, `a non-empty last axis (${layout})`);
}
