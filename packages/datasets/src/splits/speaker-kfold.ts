import { SeededRng } from '@spectromix/tensor';
import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';
import { groupBySpeaker } from './group-by-speaker.js';

/** One fold of a speaker k-fold: whole speakers are held out for testing. */
export interface SpeakerFold {
  /** Records of every speaker not held out. */
  train: AudioRecord[];
  /** Records of the held-out speakers. */
  test: AudioRecord[];
  /** The held-out speakers, sorted. */
  heldOut: string[];
}

/** Options of {@link speakerKFold}. */
export interface SpeakerKFoldOptions {
  /**
   * Key to balance folds by (for example `(r) => String(r.meta.gender)`): speakers of each key are dealt to the
   * folds in turn so that every fold holds as even a mix as the counts allow. Must be constant per speaker.
   */
  balanceBy?: (record: AudioRecord) => string;
  /** Seed of the speaker shuffle (default 0). The same seed gives the same folds everywhere. */
  seed?: number;
}

/**
 * Speaker-independent k-fold cross-validation: every speaker is held out in exactly one fold, no speaker is ever
 * in both `train` and `test` of a fold. Speakers are shuffled with `seed` and dealt round-robin to the folds,
 * group by group when `balanceBy` is given (RAVDESS: 20 actors, k = 5, balanced by gender, gives 2 male and
 * 2 female actors per fold).
 * @param records records with `speaker` set.
 * @param k number of folds, 2 ... number of speakers.
 * @throws SplitError on a record without speaker, k out of range, or a balance key that varies within a speaker.
 */
export function speakerKFold(
  records: readonly AudioRecord[],
  k: number,
  options: SpeakerKFoldOptions = {},
): SpeakerFold[] {
  const groups = groupBySpeaker(records);
  const speakers = [...groups.keys()].sort();
  if (!Number.isInteger(k) || k < 2 || k > speakers.length) {
    throw new SplitError(`speakerKFold needs an integer k in 2..${speakers.length} (the number of speakers), got ${k}`);
  }
  const byKey = new Map<string, string[]>();
  for (const speaker of speakers) {
    const own = groups.get(speaker) as AudioRecord[];
    const key = options.balanceBy ? options.balanceBy(own[0] as AudioRecord) : '';
    if (options.balanceBy) {
      const other = own.find((r) => options.balanceBy?.(r) !== key);
      if (other) {
        throw new SplitError(
          `speakerKFold: balanceBy gives '${key}' and '${options.balanceBy(other)}' for speaker '${speaker}'; ` +
            `the balance key must be the same for all records of a speaker`,
        );
      }
    }
    const list = byKey.get(key);
    if (list) list.push(speaker);
    else byKey.set(key, [speaker]);
  }
  const rng = new SeededRng(options.seed ?? 0);
  const folds: string[][] = Array.from({ length: k }, () => []);
  let turn = 0;
  for (const key of [...byKey.keys()].sort()) {
    for (const speaker of rng.shuffle([...(byKey.get(key) as string[])])) {
      (folds[turn % k] as string[]).push(speaker);
      turn++;
    }
  }
  return folds.map((held) => {
    const heldSet = new Set(held);
    return {
      train: records.filter((r) => !heldSet.has(r.speaker as string)),
      test: records.filter((r) => heldSet.has(r.speaker as string)),
      heldOut: [...held].sort(),
    };
  });
}
