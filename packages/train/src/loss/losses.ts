import * as tf from '@spectromix/tensor';
import { TrainConfigError } from '../errors.js';

/** The losses the trainer knows, by the names recipes use. */
export type LossName = 'softmax-ce' | 'sigmoid-bce';

/** Options of {@link softmaxCrossEntropy}. */
export interface CrossEntropyOptions {
  /** torch's `label_smoothing`: targets become `(1 - s) * y + s / K`. In [0, 1). */
  readonly labelSmoothing?: number;
}

/**
 * Softmax cross-entropy averaged over the batch, as `torch.nn.functional.cross_entropy` with probability
 * targets: `mean_b( -sum_k y'_bk * log_softmax(logits)_bk )` with `y' = (1 - s) y + s / K`.
 * @param logits `[B, K]` unnormalised scores.
 * @param targets `[B, K]` class probabilities (one-hot for hard labels, soft for mixup).
 */
export function softmaxCrossEntropy(logits: tf.Tensor, targets: tf.Tensor, options: CrossEntropyOptions = {}): tf.Scalar {
  const s = options.labelSmoothing ?? 0;
  if (!(s >= 0 && s < 1)) throw new TrainConfigError('labelSmoothing', `must be in [0, 1), got ${s}`);
  checkShapes(logits, targets, 'softmaxCrossEntropy');
  return tf.tidy(() => {
    const k = logits.shape[1] as number;
    const y = s === 0 ? targets : tf.add(tf.mul(targets, 1 - s), s / k);
    const perSample = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), -1));
    return tf.mean(perSample) as tf.Scalar;
  });
}

/**
 * Sigmoid binary cross-entropy on (possibly soft) targets, averaged over every element, as
 * `torch.nn.BCEWithLogitsLoss()`; computed stably as `max(x, 0) - x y + log(1 + exp(-|x|))`.
 * @param logits `[B, K]`.
 * @param targets `[B, K]` in [0, 1].
 */
export function sigmoidBinaryCrossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  checkShapes(logits, targets, 'sigmoidBinaryCrossEntropy');
  return tf.tidy(() => {
    const elementwise = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(elementwise) as tf.Scalar;
  });
}

/** A loss as the loop calls it. */
export type LossFunction = (logits: tf.Tensor, targets: tf.Tensor) => tf.Scalar;

/**
 * Returns the loss function for a recipe's loss name.
 * @param name `'softmax-ce'` (single-label) or `'sigmoid-bce'` (AST's choice for Speech Commands, mixup).
 * @param options label smoothing for `'softmax-ce'`.
 */
export function createLoss(name: LossName, options: CrossEntropyOptions = {}): LossFunction {
  if (name === 'softmax-ce') return (logits, targets) => softmaxCrossEntropy(logits, targets, options);
  if (name === 'sigmoid-bce') {
    if ((options.labelSmoothing ?? 0) !== 0) throw new TrainConfigError('labelSmoothing', "applies to 'softmax-ce' only; smooth the targets yourself for 'sigmoid-bce'");
    return sigmoidBinaryCrossEntropy;
  }
  throw new TrainConfigError('loss', `unknown loss '${String(name)}'; use 'softmax-ce' or 'sigmoid-bce'`);
}

function checkShapes(logits: tf.Tensor, targets: tf.Tensor, fn: string): void {
  if (logits.rank !== 2 || !tf.util.arraysEqual(logits.shape, targets.shape)) {
    throw new TrainConfigError(fn, `expects logits and targets of the same shape [B, K], got [${logits.shape.join(', ')}] and [${targets.shape.join(', ')}]`);
  }
}
