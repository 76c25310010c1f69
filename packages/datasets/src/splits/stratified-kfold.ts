import { SeededRng } from '@spectromix/tensor';
import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';

/** One fold of a clip-level stratified k-fold: clips, not speakers, are held out. */
export interface ClipFold {
  /** Every clip not in this fold. */
  train: AudioRecord[];
  /** This fold's clips. */
  test: AudioRecord[];
}

/** Options of {@link stratifiedKFold}. */
export interface StratifiedKFoldOptions {
  /** Seed of the per-class shuffle (default 0). The same seed gives the same folds everywhere. */
  seed?: number;
}

/**
 * Clip-level stratified k-fold cross-validation, the protocol many RAVDESS papers report: each class's clips are
 * shuffled with `seed` and dealt round-robin to the folds (the turn carries over from class to class, so fold sizes
 * differ by one at most), so every fold holds each class in the dataset's proportion. **Speakers are shared between
 * train and test**: a number from this protocol is speaker-dependent and must never be set beside a
 * speaker-independent one ({@link speakerKFold}) without saying so.
 * @param records the clips (records keep their order inside `train` and `test`).
 * @param k number of folds, 2 ... the size of the smallest class.
 * @throws SplitError for k out of range (a class too small to appear in every fold).
 */
export function stratifiedKFold(records: readonly AudioRecord[], k: number, options: StratifiedKFoldOptions = {}): ClipFold[] {
  const byClass = new Map<number, number[]>();
  records.forEach((r, i) => {
    const list = byClass.get(r.labelIndex);
    if (list) list.push(i);
    else byClass.set(r.labelIndex, [i]);
  });
  const smallest = Math.min(...[...byClass.values()].map((l) => l.length));
  if (!Number.isInteger(k) || k < 2 || k > smallest) {
    throw new SplitError(`stratifiedKFold needs an integer k in 2..${smallest} (the smallest class has ${smallest} clips, and each fold needs one of every class), got ${k}`);
  }
  const rng = new SeededRng(options.seed ?? 0);
  const foldOf = new Int32Array(records.length);
  let turn = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const i of rng.shuffle([...(byClass.get(label) as number[])])) {
      foldOf[i] = turn % k;
      turn++;
    }
  }
  return Array.from({ length: k }, (_, f) => ({
    train: records.filter((_, i) => foldOf[i] !== f),
    test: records.filter((_, i) => foldOf[i] === f),
  }));
}
