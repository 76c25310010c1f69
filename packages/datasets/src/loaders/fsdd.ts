import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetRootError } from '../errors.js';
import { FSDD_CLASSES, FSDD_TEST_TAKES, parseFsddName } from '../labels/fsdd.js';
import type { AudioDataset, AudioRecord, DatasetProblem } from '../types.js';
import { assertRoot, isAudioFile, listFiles, sortByPath } from './fs-utils.js';

/** The published FSDD layout, as the missing-root message lists it. */
const FSDD_LAYOUT = ['recordings/{digit}_{speaker}_{take}.wav (or .opus, ...)'];

/**
 * Loads the Free Spoken Digit Dataset from its published layout: `recordings/{digit}_{speaker}_{take}.wav`
 * (the root may be the repository folder or `recordings/` itself). The class is the digit, `speaker` the
 * speaker name, `meta.take` the take, and `split` the publishers' protocol: takes 0-4 test, the rest train
 * (speakers appear on both sides of it; use {@link holdOutSpeakers} or {@link speakerKFold} for
 * speaker-independent results). Files with other names are skipped as problems.
 * @throws DatasetRootError when there is no `recordings/` folder and the root holds no FSDD-named audio.
 */
export async function loadFsdd(root: string): Promise<AudioDataset> {
  const abs = assertRoot('FSDD', root, [], 'the free-spoken-digit-dataset folder', FSDD_LAYOUT);
  const dir = existsSync(join(abs, 'recordings')) ? join(abs, 'recordings') : abs;
  const files = listFiles(dir).filter((f) => isAudioFile(f));
  if (dir === abs && !files.some((f) => /^\d_[^_]+_\d+\./.test(f))) {
    throw new DatasetRootError('FSDD', abs, FSDD_LAYOUT, 'the free-spoken-digit-dataset folder');
  }
  const classes = [...FSDD_CLASSES];
  const problems: DatasetProblem[] = [];
  const records: AudioRecord[] = [];
  for (const file of files) {
    const path = join(dir, file);
    let info;
    try {
      info = parseFsddName(file);
    } catch (e) {
      problems.push({ path, reason: `${(e as Error).message}; skipped` });
      continue;
    }
    records.push({
      path,
      label: String(info.digit),
      labelIndex: info.digit,
      speaker: info.speaker,
      split: info.take < FSDD_TEST_TAKES ? 'test' : 'train',
      meta: { digit: info.digit, take: info.take },
    });
  }
  return { name: 'fsdd', root: abs, classes, records: sortByPath(records), problems };
}
