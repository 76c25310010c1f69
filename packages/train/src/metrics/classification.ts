/**
 * Row-wise argmax of a row-major `[n, k]` score matrix; the first maximum wins on ties (as numpy's argmax).
 * @returns predicted class per row.
 */
export function argmaxRows(scores: ArrayLike<number>, numClasses: number): Int32Array {
  checkMatrix(scores, numClasses);
  const n = scores.length / numClasses;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestScore = scores[i * numClasses] as number;
    for (let c = 1; c < numClasses; c++) {
      const s = scores[i * numClasses + c] as number;
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Fraction of predictions equal to the labels (`sklearn.metrics.accuracy_score`). NaN for no samples. */
export function accuracy(labels: ArrayLike<number>, predictions: ArrayLike<number>): number {
  if (labels.length !== predictions.length) throw new RangeError(`${labels.length} labels but ${predictions.length} predictions`);
  if (labels.length === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predictions[i]) correct++;
  return correct / labels.length;
}

/**
 * Confusion matrix: `matrix[true][predicted]` counts, as `sklearn.metrics.confusion_matrix` with
 * `labels=range(numClasses)`.
 */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number[][] {
  if (labels.length !== predictions.length) throw new RangeError(`${labels.length} labels but ${predictions.length} predictions`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] as number;
    const p = predictions[i] as number;
    const row = m[t];
    if (row == null || p < 0 || p >= numClasses) throw new RangeError(`label ${t} or prediction ${p} is outside [0, ${numClasses})`);
    row[p] = (row[p] as number) + 1;
  }
  return m;
}

/** Per-class precision, recall, F1 and support. */
export interface PerClassScores {
  /** `tp / (tp + fp)`, 0 where nothing was predicted as the class (sklearn's `zero_division=0`). */
  readonly precision: number[];
  /** `tp / (tp + fn)`, 0 where the class has no samples. */
  readonly recall: number[];
  /** Harmonic mean of precision and recall, 0 where both are 0. */
  readonly f1: number[];
  /** Samples of each class. */
  readonly support: number[];
}

/** Precision, recall and F1 per class from a confusion matrix (`sklearn.metrics.precision_recall_fscore_support`). */
export function precisionRecallF1(confusion: readonly (readonly number[])[]): PerClassScores {
  const k = confusion.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]?.[c] ?? 0;
    let predicted = 0;
    let actual = 0;
    for (let r = 0; r < k; r++) predicted += confusion[r]?.[c] ?? 0;
    for (const v of confusion[c] ?? []) actual += v;
    const p = predicted === 0 ? 0 : tp / predicted;
    const r = actual === 0 ? 0 : tp / actual;
    precision.push(p);
    recall.push(r);
    f1.push(p + r === 0 ? 0 : (2 * p * r) / (p + r));
    support.push(actual);
  }
  return { precision, recall, f1, support };
}

function checkMatrix(scores: ArrayLike<number>, numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1 || scores.length % numClasses !== 0) {
    throw new RangeError(`scores of length ${scores.length} is not a [n, ${numClasses}] matrix`);
  }
}
