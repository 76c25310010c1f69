import * as tf from '@spectromix/tensor';
import { clipCoefficient } from '../optim/clip.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LossFunction } from '../loss/losses.js';
import type { TrainableModel } from './types.js';

/** Options of {@link trainStep}. */
export interface TrainStepOptions {
  /** Clip gradients to this global L2 norm first (off when undefined). */
  readonly clipGradNorm?: number;
}

/**
 * One optimiser step: forward in training mode, loss, gradients of every trainable parameter, optional global
 * norm clipping (its coefficient applied by the optimiser inside the update), update. Every intermediate is
 * freed; nothing is read back, so on WebGPU the whole step is
 * queued without a stall.
 * @param params the model's trainable parameters (pass the same map every step; see `model.trainableParameters()`).
 * @returns a `[2]` tensor `[loss, correct]` (correct = samples whose argmax logit equals the argmax target);
 *   the caller reads it (asynchronously) and disposes it.
 */
export function trainStep(
  model: TrainableModel,
  params: ReadonlyMap<string, tf.Variable>,
  optimizer: Optimizer,
  loss: LossFunction,
  x: tf.Tensor,
  y: tf.Tensor,
  options: TrainStepOptions = {},
): tf.Tensor1D {
  const nameOf = new Map<string, string>();
  for (const [name, v] of params) nameOf.set(v.name, name);
  let correct: tf.Tensor | undefined;
  try {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.forward(x, { training: true });
        correct = tf.keep(countCorrect(logits, y));
        return loss(logits, y);
      }, [...params.values()]);
      const byParam = new Map<string, tf.Tensor>();
      for (const [varName, g] of Object.entries(grads)) {
        const name = nameOf.get(varName);
        if (name != null) byParam.set(name, g);
      }
      // Clipping hands the coefficient to the optimiser, which scales each gradient inside its update.
      optimizer.step(byParam, options.clipGradNorm == null ? {} : { gradScale: clipCoefficient(byParam, options.clipGradNorm).coef });
      return tf.stack([value, tf.cast(correct as tf.Tensor, 'float32')]) as tf.Tensor1D;
    });
  } finally {
    correct?.dispose();
  }
}

/** Number of rows whose argmax logit equals the argmax target, as an int32 scalar. */
export function countCorrect(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(targets, -1)), 'int32')) as tf.Scalar);
}
