/** One class and its probability. */
export interface LabelScore {
  /** The class name, from the model's label list. */
  readonly label: string;
  /** The class index in the model's output. */
  readonly index: number;
  /** Probability in [0, 1]: softmax over classes (single-label models) or a sigmoid per class (multi-label). */
  readonly probability: number;
}

/** How logits become probabilities: `softmax` for models trained with cross-entropy, `sigmoid` for BCE (the manifest's `output`). */
export type ScoreActivation = 'softmax' | 'sigmoid';

/**
 * Turns one row of logits into probabilities, computed in float64 (softmax shifted by the maximum so large
 * logits do not overflow).
 */
export function probabilities(logits: ArrayLike<number>, activation: ScoreActivation): Float64Array {
  const out = new Float64Array(logits.length);
  if (activation === 'sigmoid') {
    for (let i = 0; i < logits.length; i++) out[i] = 1 / (1 + Math.exp(-(logits[i] as number)));
    return out;
  }
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] as number) - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/**
 * Pairs probabilities with labels and sorts them, most probable first; ties keep class order, so the first
 * entry is the class `argmax` picks. `top` keeps only the first `top` entries.
 */
export function rankLabels(probs: ArrayLike<number>, labels: readonly string[], top = probs.length): LabelScore[] {
  const scores: LabelScore[] = [];
  for (let i = 0; i < probs.length; i++) scores.push({ label: labels[i] ?? `class ${i}`, index: i, probability: probs[i] as number });
  return scores.sort((a, b) => b.probability - a.probability || a.index - b.index).slice(0, top);
}

/** The ranked scores of every row of a `[rows, labels.length]` logit matrix (a batch's output). */
export function scoreRows(logits: ArrayLike<number>, labels: readonly string[], activation: ScoreActivation, top?: number): LabelScore[][] {
  const k = labels.length;
  const rows: LabelScore[][] = [];
  for (let r = 0; r * k < logits.length; r++) {
    const row = Array.prototype.slice.call(logits, r * k, (r + 1) * k) as number[];
    rows.push(rankLabels(probabilities(row, activation), labels, top));
  }
  return rows;
}
