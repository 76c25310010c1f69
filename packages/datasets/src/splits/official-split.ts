import { SplitError } from '../errors.js';
import type { AudioRecord, SplitName } from '../types.js';

/**
 * The publisher's split: records grouped by their `split` field (Speech Commands `validation_list.txt` and
 * `testing_list.txt`, FSDD takes 0-4 as test). Subsets the dataset does not define are empty.
 * @throws SplitError when a record has no `split` (the dataset has folds or speakers instead).
 */
export function officialSplit(records: readonly AudioRecord[]): Record<SplitName, AudioRecord[]> {
  const out: Record<SplitName, AudioRecord[]> = { train: [], validation: [], test: [] };
  for (const r of records) {
    if (r.split === undefined) {
      throw new SplitError(
        `record '${r.path}' has no official split; this dataset uses folds (foldSplit) or speakers ` +
          `(speakerKFold, holdOutSpeakers)`,
      );
    }
    out[r.split].push(r);
  }
  return out;
}
