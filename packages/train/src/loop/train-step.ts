import * as tf from '@spectromix/tensor';
import { clipCoefficient } from '../optim/clip.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LossFunction } from '../loss/losses.js';
import type { TrainableModel } from './types.js';
import type { DynamicLossScaler } from '../optim/loss-scaler.js';

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
  const step = lossAndGradients(model, params, loss, x, y, 1);
  try {
    return tf.tidy(() => {
      // Clipping hands the coefficient to the optimiser, which scales each gradient inside its update.
      optimizer.step(step.grads, options.clipGradNorm == null ? {} : { gradScale: clipCoefficient(step.grads, options.clipGradNorm).coef });
      return tf.stack([step.value, tf.cast(step.correct, 'float32')]) as tf.Tensor1D;
    });
  } finally {
    disposeStep(step);
  }
}

/** What {@link trainStepScaled} did. */
export interface ScaledStepResult {
  /** `[loss, correct]` as {@link trainStep} returns it (the loss unscaled); the caller disposes it. */
  readonly stats: tf.Tensor1D;
  /** The gradients overflowed: no update was made, and the scaler lowered its scale. */
  readonly skipped: boolean;
}

/**
 * {@link trainStep} with dynamic loss scaling (mixed precision): the backward pass runs on `loss * scaler.scale`;
 * if that or any gradient is then infinite or NaN the update is skipped (parameters, moments and the optimiser's step count
 * stay as they were) and the scale lowered, else the optimiser divides the gradients by the scale inside its update
 * (with clipping, by the clipping coefficient of the unscaled gradients too, as torch's `unscale_` then
 * `clip_grad_norm_`). Reads one value back before the update, to decide.
 */
export async function trainStepScaled(
  model: TrainableModel,
  params: ReadonlyMap<string, tf.Variable>,
  optimizer: Optimizer,
  loss: LossFunction,
  x: tf.Tensor,
  y: tf.Tensor,
  scaler: DynamicLossScaler,
  options: TrainStepOptions = {},
): Promise<ScaledStepResult> {
  const scale = scaler.scale;
  const step = lossAndGradients(model, params, loss, x, y, scale);
  try {
    const flag = scaler.overflow(step.grads, step.scaled);
    const overflowed = (await flag.data())[0] === 1;
    flag.dispose();
    scaler.update(overflowed);
    if (!overflowed) {
      tf.tidy(() => {
        // The clipping coefficient of the unscaled gradients: their norm is the scaled norm over `scale`.
        const unscale = options.clipGradNorm == null ? tf.scalar(1 / scale) : tf.div(clipCoefficient(step.grads, options.clipGradNorm * scale).coef, scale);
        optimizer.step(step.grads, { gradScale: unscale });
      });
    }
    return { stats: tf.tidy(() => tf.stack([step.value, tf.cast(step.correct, 'float32')]) as tf.Tensor1D), skipped: overflowed };
  } finally {
    disposeStep(step);
  }
}

/** The tensors of one forward and backward pass, owned by the caller (see {@link disposeStep}). */
interface StepTensors {
  /** The unscaled loss. */
  readonly value: tf.Scalar;
  /** The loss the gradients are of (`value * scale`; `value` itself when the scale is 1). */
  readonly scaled: tf.Scalar;
  /** {@link countCorrect} of the logits. */
  readonly correct: tf.Scalar;
  /** Gradients of `scaled` by parameter name. */
  readonly grads: Map<string, tf.Tensor>;
}

/** Forward in training mode, the loss, and the gradients of `loss * scale` by parameter name. */
function lossAndGradients(model: TrainableModel, params: ReadonlyMap<string, tf.Variable>, loss: LossFunction, x: tf.Tensor, y: tf.Tensor, scale: number): StepTensors {
  const nameOf = new Map<string, string>();
  for (const [name, v] of params) nameOf.set(v.name, name);
  let correct: tf.Scalar | undefined;
  let value: tf.Scalar | undefined;
  const { value: scaled, grads } = tf.variableGrads(() => {
    const logits = model.forward(x, { training: true });
    correct = tf.keep(countCorrect(logits, y));
    value = tf.keep(loss(logits, y));
    return scale === 1 ? value : tf.mul(value, scale);
  }, [...params.values()]);
  const byParam = new Map<string, tf.Tensor>();
  for (const [varName, g] of Object.entries(grads)) {
    const name = nameOf.get(varName);
    if (name != null) byParam.set(name, g);
    else g.dispose();
  }
  return { value: value as tf.Scalar, scaled, correct: correct as tf.Scalar, grads: byParam };
}

/** Frees a step's tensors (the loss once when it was not scaled). */
function disposeStep(step: StepTensors): void {
  tf.dispose([...new Set([step.value, step.scaled, step.correct, ...step.grads.values()])]);
}

/** Number of rows whose argmax logit equals the argmax target, as an int32 scalar. */
export function countCorrect(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(targets, -1)), 'int32')) as tf.Scalar);
}
