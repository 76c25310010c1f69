import { SplitError } from '../errors.js';
import type { AudioRecord, SplitName } from '../types.js';
import { officialValidation } from './official-validation.js';

/**
 * Where the validation subset of a fold split comes from (the data that picks the epoch and checkpoint):
 * - `{ nextFold: n }`: the first `n` groups listed in the next fold (wrapping around) validate and do not train;
 * - `'official'`: the official held-out takes of the training groups ({@link officialValidation});
 * - `'test-fold'`: the test fold itself (AST's protocol; it peeks at the test, kept for older runs).
 */
export type FoldValidation = 'test-fold' | 'official' | { readonly nextFold: number };

/** Options of {@link listedFoldSplit}. */
export interface ListedFoldsOptions {
  /** What the listed groups name: speakers, or the dataset's official fold numbers. */
  readonly by: 'speaker' | 'fold';
  /** The folds, each a list of groups (speaker names or fold numbers); every group belongs to one fold. */
  readonly folds: readonly (readonly (string | number)[])[];
  /** Index into `folds` of the fold that is the test set. */
  readonly testFold: number;
  /** Where validation comes from. */
  readonly validation: FoldValidation;
}

/**
 * One round of a k-fold split over explicitly listed groups (RAVDESS actors 4 per fold, FSDD leave-one-speaker-out,
 * UrbanSound8K's official folds): the test fold's records test, the other folds' records train, less the
 * validation records that `validation` picks. Records of groups no fold lists are left out. Order is kept.
 * @throws SplitError when `testFold` is out of range, a group is listed twice or has no records, `nextFold` asks
 * for more groups than the next fold lists or leaves nothing to train on, or `'official'` finds no held-out takes.
 */
export function listedFoldSplit(records: readonly AudioRecord[], options: ListedFoldsOptions): Record<SplitName, AudioRecord[]> {
  const { by, folds, testFold, validation } = options;
  if (!Number.isInteger(testFold) || testFold < 0 || testFold >= folds.length) {
    throw new SplitError(`the test fold is ${testFold} but only ${folds.length} folds are listed (0..${folds.length - 1})`);
  }
  const groupOf = (r: AudioRecord): string | undefined => (by === 'speaker' ? r.speaker : r.fold != null ? String(r.fold) : undefined);
  const present = new Set(records.map(groupOf).filter((g): g is string => g != null));
  const foldOf = new Map<string, number>();
  folds.forEach((groups, f) =>
    groups.forEach((g) => {
      const key = String(g);
      if (!present.has(key)) throw new SplitError(`fold ${f} lists ${by} '${key}', which has no records; known: ${[...present].sort().slice(0, 40).join(', ')}`);
      if (foldOf.has(key)) throw new SplitError(`${by} '${key}' is listed in folds ${foldOf.get(key)} and ${f}; each belongs to one fold`);
      foldOf.set(key, f);
    }),
  );
  const fold = (r: AudioRecord): number | undefined => foldOf.get(groupOf(r) ?? '');
  const test = records.filter((r) => fold(r) === testFold);
  const rest = records.filter((r) => {
    const f = fold(r);
    return f != null && f !== testFold;
  });
  if (validation === 'test-fold') return { train: rest, validation: test, test };
  if (validation === 'official') return { ...officialValidation(rest), test };
  const groups = validationGroups(options);
  const inValidation = (r: AudioRecord): boolean => groups.includes(groupOf(r) ?? '');
  const train = rest.filter((r) => !inValidation(r));
  if (train.length === 0) throw new SplitError(`validating on ${validation.nextFold} ${by}(s) of the next fold leaves nothing to train on; validate on fewer ${by}s`);
  return { train, validation: rest.filter(inValidation), test };
}

/**
 * The groups that validate under `{ nextFold: n }`: the first `n` groups of the fold after the test fold
 * (wrapping around), as strings; empty for the other validation sources.
 * @throws SplitError when the next fold lists fewer than `n` groups.
 */
export function validationGroups(options: ListedFoldsOptions): string[] {
  const { folds, testFold, validation, by } = options;
  if (typeof validation === 'string') return [];
  const nextIndex = (testFold + 1) % folds.length;
  const next = folds[nextIndex] ?? [];
  if (validation.nextFold > next.length) throw new SplitError(`validation asks for ${validation.nextFold} ${by}(s) of the next fold, but fold ${nextIndex} lists only ${next.length}`);
  return next.slice(0, validation.nextFold).map(String);
}

/**
 * The index of the fold that lists `group` (a speaker name or a fold number as text, e.g. `'jackson'` for FSDD
 * leave-one-speaker-out), or -1 when no fold lists it.
 */
export function foldContaining(folds: readonly (readonly (string | number)[])[], group: string): number {
  return folds.findIndex((groups) => groups.some((g) => String(g) === group));
}
