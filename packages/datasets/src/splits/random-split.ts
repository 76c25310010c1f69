import { SeededRng } from '@spectromix/tensor';
import { SplitError } from '../errors.js';
import type { AudioRecord, SplitName } from '../types.js';

/** Options of {@link randomSplit}. */
export interface RandomSplitOptions {
  /** Fraction of the records that validate, 0..1. */
  readonly validation: number;
  /** Fraction of the records that test, 0..1; `validation + test` must be below 1. */
  readonly test: number;
  /** Seed of the shuffle; the same seed and record count give the same split everywhere. */
  readonly seed: number;
}

/**
 * A seeded random split by clip: the records are shuffled, the first `round(n * validation)` validate, the next
 * `round(n * test)` test and the rest train; each subset keeps the records' order. Only for data without
 * speakers or folds (e.g. the synthetic set): with speakers, clips of one speaker land on both sides and the
 * score measures memorised voices. Use `holdOutSpeakers` or `speakerKFold` there.
 * @throws SplitError when the fractions are out of range or leave nothing to train on.
 */
export function randomSplit(records: readonly AudioRecord[], options: RandomSplitOptions): Record<SplitName, AudioRecord[]> {
  const { validation, test, seed } = options;
  if (!(validation >= 0 && test >= 0) || validation + test >= 1) {
    throw new SplitError(`validation (${validation}) and test (${test}) fractions must be non-negative and leave some data to train on (sum < 1)`);
  }
  const order = new SeededRng(seed).shuffle(records.map((_, i) => i));
  const nValidation = Math.round(order.length * validation);
  const nTest = Math.round(order.length * test);
  const pick = (rows: number[]): AudioRecord[] => rows.sort((a, b) => a - b).map((i) => records[i] as AudioRecord);
  return {
    validation: pick(order.slice(0, nValidation)),
    test: pick(order.slice(nValidation, nValidation + nTest)),
    train: pick(order.slice(nValidation + nTest)),
  };
}
