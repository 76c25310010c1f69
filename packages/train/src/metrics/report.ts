import { averagePrecisionScore, rocAucScore } from './ranking.js';
import { accuracy, argmaxRows, confusionMatrix, precisionRecallF1, type PerClassScores } from './classification.js';

/** Every metric of one evaluation, as plain JSON. */
export interface ClassificationMetrics {
  /** Samples evaluated. */
  readonly count: number;
  /** Top-1 accuracy. */
  readonly accuracy: number;
  /** Mean one-vs-rest ROC AUC over classes that have both positives and negatives (AST's mAUC). */
  readonly macroAuc: number;
  /** Mean average precision over classes with at least one positive (AST's mAP). */
  readonly mAP: number;
  /** Per-class AUC (NaN where undefined). */
  readonly auc: number[];
  /** Per-class AP (NaN where undefined). */
  readonly ap: number[];
  /** Per-class precision, recall, F1, support. */
  readonly perClass: PerClassScores;
  /** `confusion[true][predicted]`. */
  readonly confusion: number[][];
  /** Mean loss over the evaluated samples, when the caller had one. */
  readonly loss?: number;
}

/**
 * Computes accuracy, AST's per-class AUC and AP (sklearn's `roc_auc_score` / `average_precision_score` per class,
 * then the mean), per-class precision/recall/F1 and the confusion matrix.
 * @param scores row-major `[n, numClasses]` scores. AST computes AUC/AP on `sigmoid(logits)`; pass those for
 *   its numbers (the argmax, and so accuracy, is the same for logits, sigmoid or softmax).
 * @param labels true class per sample.
 * @param numClasses K.
 */
export function classificationMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): ClassificationMetrics {
  const n = labels.length;
  if (scores.length !== n * numClasses) throw new RangeError(`scores has ${scores.length} entries, expected ${n} x ${numClasses}`);
  const predictions = argmaxRows(scores, numClasses);
  const auc: number[] = [];
  const ap: number[] = [];
  const column = new Float64Array(n);
  const positive = new Uint8Array(n);
  for (let c = 0; c < numClasses; c++) {
    for (let i = 0; i < n; i++) {
      column[i] = scores[i * numClasses + c] as number;
      positive[i] = labels[i] === c ? 1 : 0;
    }
    auc.push(rocAucScore(positive, column));
    ap.push(averagePrecisionScore(positive, column));
  }
  const confusion = confusionMatrix(labels, predictions, numClasses);
  return {
    count: n,
    accuracy: accuracy(labels, predictions),
    macroAuc: meanDefined(auc),
    mAP: meanDefined(ap),
    auc,
    ap,
    perClass: precisionRecallF1(confusion),
    confusion,
  };
}

/** Mean of the finite entries; NaN when there are none. */
function meanDefined(values: readonly number[]): number {
  const ok = values.filter((v) => Number.isFinite(v));
  return ok.length === 0 ? Number.NaN : ok.reduce((a, b) => a + b, 0) / ok.length;
}
