import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';

/**
 * Groups records by `speaker`, in first-seen order.
 * @throws SplitError when a record has no speaker (the split could not be speaker-independent).
 */
export function groupBySpeaker(records: readonly AudioRecord[]): Map<string, AudioRecord[]> {
  const groups = new Map<string, AudioRecord[]>();
  for (const r of records) {
    if (r.speaker === undefined) {
      throw new SplitError(
        `record '${r.path}' has no speaker: a speaker-independent split needs every record's speaker ` +
          `(use foldSplit or officialSplit for datasets without speakers)`,
      );
    }
    const list = groups.get(r.speaker);
    if (list) list.push(r);
    else groups.set(r.speaker, [r]);
  }
  return groups;
}
