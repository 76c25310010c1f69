import { TrainConfigError } from '../errors.js';

/**
 * Index of the best epoch of a metric curve: the first maximum (or minimum with `mode: 'min'`), as `np.argmax`.
 * NaN entries never win. Returns -1 for an empty or all-NaN curve.
 */
export function bestEpoch(curve: readonly number[], mode: 'max' | 'min' = 'max'): number {
  let best = -1;
  for (let i = 0; i < curve.length; i++) {
    const v = curve[i] as number;
    if (Number.isNaN(v)) continue;
    const b = best < 0 ? undefined : (curve[best] as number);
    if (b === undefined || (mode === 'max' ? v > b : v < b)) best = i;
  }
  return best;
}

/** The summary of a k-fold run under AST's rule. */
export interface KFoldSummary {
  /** The epoch (zero-based) whose fold-averaged metric is best; every fold reports this same epoch. */
  readonly bestEpoch: number;
  /** Each fold's metric at {@link KFoldSummary.bestEpoch}. */
  readonly perFold: number[];
  /** Mean of {@link KFoldSummary.perFold}: the number to report. */
  readonly mean: number;
  /** The fold-averaged curve, per epoch. */
  readonly meanCurve: number[];
  /** Each fold's metric at the last epoch, and their mean (AST prints both). */
  readonly last: { readonly perFold: number[]; readonly mean: number };
}

/**
 * k-fold cross-validation summary by AST's rule (egs/esc50/get_esc_result.py): average the per-epoch
 * validation curves over folds, pick the epoch with the best average, and report each fold's value at that
 * one epoch and their mean (not each fold's own best epoch, which would be over-optimistic).
 * @param curves `curves[fold][epoch]`, every fold with the same number of epochs.
 */
export function kFoldSummary(curves: readonly (readonly number[])[], mode: 'max' | 'min' = 'max'): KFoldSummary {
  const first = curves[0];
  if (first == null || first.length === 0) throw new TrainConfigError('curves', 'needs at least one fold with at least one epoch');
  const epochs = first.length;
  for (const [i, c] of curves.entries()) {
    if (c.length !== epochs) throw new TrainConfigError(`curves[${i}]`, `has ${c.length} epochs, fold 0 has ${epochs}; every fold must train the same number of epochs`);
  }
  const meanCurve = Array.from({ length: epochs }, (_, e) => curves.reduce((s, c) => s + (c[e] as number), 0) / curves.length);
  const best = bestEpoch(meanCurve, mode);
  const at = (e: number): number[] => curves.map((c) => c[e] as number);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const perFold = at(Math.max(0, best));
  const lastFold = at(epochs - 1);
  return { bestEpoch: best, perFold, mean: mean(perFold), meanCurve, last: { perFold: lastFold, mean: mean(lastFold) } };
}
