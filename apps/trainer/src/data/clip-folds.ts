import { stratifiedHoldOut, stratifiedKFold, type AudioRecord } from '@spectromix/datasets';
import type { ClipFoldsSplit } from '../config/clip-folds.js';
import { ConfigError } from '../errors.js';
import type { SplitIndices } from './splits.js';

/**
 * Row indices of a clip-level stratified k-fold split: fold `fold` of `stratifiedKFold` tests, and a stratified
 * `validation` share of the other folds' clips validates (never a test clip). Records of speakers not in `speakers`
 * (when listed) are left out of every subset.
 * @throws ConfigError for an unknown speaker, a fold out of range or a k the classes cannot fill.
 */
export function clipFoldIndices(records: readonly AudioRecord[], split: ClipFoldsSplit): SplitIndices {
  let used = records;
  if (split.speakers != null) {
    const present = new Set(records.map((r) => r.speaker).filter((s): s is string => s != null));
    const unknown = split.speakers.filter((s) => !present.has(s));
    if (unknown.length > 0) throw new ConfigError(`data.split.speakers lists unknown speaker(s) ${unknown.join(', ')}; this dataset's speakers are ${[...present].sort().join(', ')}.`);
    const keep = new Set(split.speakers);
    used = records.filter((r) => r.speaker != null && keep.has(r.speaker));
  }
  if (split.fold >= split.k) throw new ConfigError(`data.split.fold is ${split.fold} but the split has ${split.k} folds (0..${split.k - 1}).`);
  let folds: ReturnType<typeof stratifiedKFold>;
  try {
    folds = stratifiedKFold(used, split.k, { seed: split.seed });
  } catch (error) {
    throw new ConfigError(`data.split (stratified-clips): ${(error as Error).message}.`);
  }
  const fold = folds[split.fold] as (typeof folds)[number];
  // A seed apart from the folds' own, fixed per fold, so validation is the same whatever the run seed.
  const { train, holdOut } = stratifiedHoldOut(fold.train, split.validation, split.seed * 1000 + split.fold + 1);
  const index = new Map(records.map((r, i) => [r, i]));
  const rows = (rs: AudioRecord[]): number[] => rs.map((r) => index.get(r) as number);
  const who = split.speakers != null ? `${split.speakers.length} speakers` : 'all speakers';
  return {
    train: rows(train),
    validation: rows(holdOut),
    test: rows(fold.test),
    description: `clip-level stratified fold ${split.fold} of ${split.k} (seed ${split.seed}, ${who}, speakers shared between train and test) tests; ${split.validation} of each class's training clips validate`,
  };
}
