import type { SplitConfig } from './schema.js';

/**
 * The evaluation protocol of a split, as `result.json` records it and `spectromix kfold` labels its table:
 * `speaker-independent` (no test speaker is trained or validated on), `clip-level` (speakers shared between train
 * and test: speaker-dependent numbers), `official-folds` (the publisher's folds), `official` (the publisher's
 * subsets) or `none` (split `all`: nothing held out, so nothing to report). Numbers of different protocols are never combined.
 */
export type Protocol = 'speaker-independent' | 'clip-level' | 'official-folds' | 'official' | 'none';

/** The protocol of `split`. */
export function protocolOf(split: SplitConfig): Protocol {
  switch (split.kind) {
    case 'hold-out-speakers':
      return 'speaker-independent';
    case 'folds':
      return split.by === 'speaker' ? 'speaker-independent' : 'official-folds';
    case 'stratified-clips':
    case 'random':
      return 'clip-level';
    case 'official':
      return 'official';
    case 'all':
      return 'none';
  }
}

/** The number of folds of a k-fold split (`--fold` picks one), or null for a split without folds. */
export function foldCount(split: SplitConfig): number | null {
  if (split.kind === 'folds') return split.folds.length;
  if (split.kind === 'stratified-clips') return split.k;
  return null;
}
