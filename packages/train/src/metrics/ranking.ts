/** Cumulative true and false positives at each distinct score threshold, highest score first (sklearn's `_binary_clf_curve`). */
interface BinaryCurve {
  readonly tps: Float64Array;
  readonly fps: Float64Array;
}

function binaryClfCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): BinaryCurve {
  const n = yScore.length;
  if (yTrue.length !== n) throw new RangeError(`yTrue has ${yTrue.length} entries but yScore has ${n}`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (yScore[b] as number) - (yScore[a] as number));
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  for (let i = 0; i < n; i++) {
    const idx = order[i] as number;
    tp += (yTrue[idx] as number) > 0.5 ? 1 : 0;
    const nextIdx = order[i + 1];
    const lastOfGroup = nextIdx == null || yScore[nextIdx] !== yScore[idx];
    if (lastOfGroup) {
      tps.push(tp);
      fps.push(i + 1 - tp);
    }
  }
  return { tps: Float64Array.from(tps), fps: Float64Array.from(fps) };
}

/**
 * Area under the ROC curve of one binary problem, as `sklearn.metrics.roc_auc_score(y_true, y_score)`:
 * trapezoids over the (fpr, tpr) points at each distinct threshold, ties grouped.
 * @param yTrue 1 for positives, 0 for negatives (values > 0.5 count as positive).
 * @param yScore higher means more likely positive.
 * @returns the AUC, or NaN when only one class is present (sklearn raises there; AST's per-class mean would be NaN).
 */
export function rocAucScore(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  const { tps, fps } = binaryClfCurve(yTrue, yScore);
  const p = tps[tps.length - 1] ?? 0;
  const nNeg = fps[fps.length - 1] ?? 0;
  if (p === 0 || nNeg === 0) return Number.NaN;
  let area = 0;
  let prevTpr = 0;
  let prevFpr = 0;
  for (let i = 0; i < tps.length; i++) {
    const tpr = (tps[i] as number) / p;
    const fpr = (fps[i] as number) / nNeg;
    area += ((fpr - prevFpr) * (tpr + prevTpr)) / 2;
    prevTpr = tpr;
    prevFpr = fpr;
  }
  return area;
}

/**
 * Average precision of one binary problem, as `sklearn.metrics.average_precision_score`:
 * `AP = sum_n (R_n - R_{n-1}) P_n` over distinct thresholds (no interpolation).
 * @param yTrue 1 for positives, 0 for negatives.
 * @param yScore higher means more likely positive.
 * @returns AP, or NaN when there is no positive (sklearn warns and returns a meaningless value there).
 */
export function averagePrecisionScore(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  const { tps, fps } = binaryClfCurve(yTrue, yScore);
  const p = tps[tps.length - 1] ?? 0;
  if (p === 0) return Number.NaN;
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const tp = tps[i] as number;
    const recall = tp / p;
    const precision = tp / (tp + (fps[i] as number));
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return ap;
}
