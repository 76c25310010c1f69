import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';

/**
 * One round of the official cross-validation (UrbanSound8K 10 folds, ESC-50 5 folds): `testFold` is the test set,
 * all other folds train. Average the metric over every fold, as the publishers ask.
 * @throws SplitError when a record has no fold or no record is in `testFold`.
 */
export function foldSplit(
  records: readonly AudioRecord[],
  testFold: number,
): { train: AudioRecord[]; test: AudioRecord[] } {
  const train: AudioRecord[] = [];
  const test: AudioRecord[] = [];
  const folds = new Set<number>();
  for (const r of records) {
    if (r.fold === undefined) {
      throw new SplitError(`record '${r.path}' has no fold; foldSplit is for datasets with official folds`);
    }
    folds.add(r.fold);
    (r.fold === testFold ? test : train).push(r);
  }
  if (test.length === 0) {
    throw new SplitError(
      `foldSplit: no record is in fold ${testFold}; the folds present are ${[...folds].sort((a, b) => a - b).join(', ')}`,
    );
  }
  return { train, test };
}
