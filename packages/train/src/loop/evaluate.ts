import * as tf from '@spectromix/tensor';
import type { LossFunction } from '../loss/losses.js';
import { classificationMetrics, type ClassificationMetrics } from '../metrics/report.js';
import type { EvalSource, TrainableModel } from './types.js';

/** Logits and labels of a whole evaluation set, on the CPU. */
export interface Predictions {
  /** Row-major `[count, numClasses]` logits. */
  readonly logits: Float32Array;
  /** True class per sample. */
  readonly labels: Int32Array;
  /** K. */
  readonly numClasses: number;
  /** Samples. */
  readonly count: number;
  /** Mean loss over samples (batch losses weighted by batch size), when a loss was given. */
  readonly loss?: number;
}

/**
 * Runs the model in evaluation mode over every batch of `source` and collects logits on the CPU (one async
 * read per batch). Batch tensors are disposed; nothing leaks.
 */
export async function predict(model: TrainableModel, source: EvalSource, loss?: LossFunction): Promise<Predictions> {
  model.train(false);
  const chunks: Float32Array[] = [];
  const labels: number[] = [];
  let numClasses = 0;
  let lossSum = 0;
  try {
    for await (const batch of source()) {
      try {
        const out = tf.tidy(() => {
          const logits = model.forward(batch.x, { training: false });
          const flat = tf.reshape(logits, [-1]);
          return loss == null ? flat : tf.concat([flat, tf.reshape(loss(logits, batch.y), [1])]);
        });
        const expected = batch.size * (batch.y.shape[1] as number);
        numClasses = batch.y.shape[1] as number;
        const values = (await out.data()) as Float32Array;
        out.dispose();
        chunks.push(values.slice(0, expected));
        if (loss != null) lossSum += (values[expected] as number) * batch.size;
        for (let i = 0; i < batch.size; i++) labels.push(batch.labels[i] as number);
      } finally {
        batch.x.dispose();
        batch.y.dispose();
      }
    }
  } finally {
    model.train(true);
  }
  const logits = new Float32Array(labels.length * numClasses);
  let offset = 0;
  for (const c of chunks) {
    logits.set(c, offset);
    offset += c.length;
  }
  const result = { logits, labels: Int32Array.from(labels), numClasses, count: labels.length };
  return loss == null ? result : { ...result, loss: lossSum / Math.max(1, labels.length) };
}

/** `1 / (1 + exp(-x))` rounded to float32, as AST's `torch.sigmoid` outputs. */
export function sigmoidScores(logits: Float32Array): Float32Array {
  return logits.map((v) => Math.fround(1 / (1 + Math.exp(-v))));
}

/** Softmax per row of a `[n, k]` logit matrix, in float64 then stored as float32. */
export function softmaxRows(logits: Float32Array, numClasses: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / numClasses; r++) {
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, logits[r * numClasses + c] as number);
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += Math.exp((logits[r * numClasses + c] as number) - max);
    for (let c = 0; c < numClasses; c++) out[r * numClasses + c] = Math.exp((logits[r * numClasses + c] as number) - max) / sum;
  }
  return out;
}

/**
 * Evaluates a model on a source: accuracy, AST's macro AUC and mAP (on sigmoid scores, as AST's `validate`),
 * per-class precision/recall/F1, the confusion matrix and the mean loss.
 */
export async function evaluate(model: TrainableModel, source: EvalSource, loss?: LossFunction): Promise<ClassificationMetrics> {
  const p = await predict(model, source, loss);
  const metrics = classificationMetrics(sigmoidScores(p.logits), p.labels, p.numClasses);
  return p.loss == null ? metrics : { ...metrics, loss: p.loss };
}
