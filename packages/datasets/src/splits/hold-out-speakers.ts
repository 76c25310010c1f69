import { SplitError } from '../errors.js';
import type { AudioRecord } from '../types.js';
import { groupBySpeaker } from './group-by-speaker.js';

/**
 * Fixed speaker-independent split: the listed speakers are the test set, everyone else trains.
 * @param records records with `speaker` set.
 * @param speakers speakers to hold out (for RAVDESS `Actor_19`, `Actor_20`, ...).
 * @throws SplitError when a listed speaker has no records (a typo would otherwise silently leak nothing out).
 */
export function holdOutSpeakers(
  records: readonly AudioRecord[],
  speakers: readonly string[],
): { train: AudioRecord[]; test: AudioRecord[] } {
  const groups = groupBySpeaker(records);
  const unknown = speakers.filter((s) => !groups.has(s));
  if (unknown.length > 0) {
    const known = [...groups.keys()].sort();
    throw new SplitError(
      `holdOutSpeakers: no records of ${unknown.map((s) => `'${s}'`).join(', ')}; the speakers are ` +
        `${known.slice(0, 30).join(', ')}${known.length > 30 ? ', ...' : ''}`,
    );
  }
  const held = new Set(speakers);
  return {
    train: records.filter((r) => !held.has(r.speaker as string)),
    test: records.filter((r) => held.has(r.speaker as string)),
  };
}
