import { basename, join } from 'node:path';
import { DatasetOptionsError, DatasetRootError } from '../errors.js';
import { RAVDESS_EMOTIONS, parseRavdessName, ravdessActorId } from '../labels/ravdess.js';
import type { AudioDataset, AudioRecord, DatasetProblem } from '../types.js';
import { assertRoot, isAudioFile, listFiles, listFolders, sortByPath } from './fs-utils.js';

/** Options of {@link loadRavdess}. */
export interface RavdessOptions {
  /** Which recordings to keep: `speech` (default; the 8-emotion task), `song` or `both`. */
  vocalChannel?: 'speech' | 'song' | 'both';
}

const ACTOR_FOLDER = /^Actor_(\d\d)$/;

/**
 * Loads RAVDESS audio (Livingstone & Russo 2018) from the publisher's layout: `Actor_01` ... `Actor_24`
 * folders of files named `MM-VV-EE-II-SS-RR-AA.<ext>`. Every label comes from the file name: the class is the
 * emotion (8 classes, index = emotion code - 1), `speaker` is the actor folder name (`Actor_12`) and `meta` holds
 * modality, vocalChannel, emotion, intensity, statement, repetition, actor and gender. The root may also be a
 * folder whose subfolders hold the Actor folders (the speech and song archives extracted side by side).
 * Files whose name breaks the convention or names another actor than its folder are skipped as problems.
 * Use speaker-independent splits ({@link speakerKFold}, {@link holdOutSpeakers}).
 * @throws DatasetRootError when no `Actor_NN` folder is found.
 */
export async function loadRavdess(root: string, options: RavdessOptions = {}): Promise<AudioDataset> {
  const channel = options.vocalChannel ?? 'speech';
  if (!['speech', 'song', 'both'].includes(channel)) {
    throw new DatasetOptionsError(`loadRavdess: vocalChannel must be 'speech', 'song' or 'both', got '${String(channel)}'`);
  }
  const abs = assertRoot('RAVDESS', root, [], 'the folder the Audio_Speech/Audio_Song zip was extracted to', ['Actor_01/03-01-01-01-01-01-01.wav', '...', 'Actor_24/']);
  const actorDirs = findActorFolders(abs);
  if (actorDirs.length === 0) {
    throw new DatasetRootError('RAVDESS', abs, ['Actor_01/', '...', 'Actor_24/'], 'the folder the Audio_Speech/Audio_Song zip was extracted to');
  }
  const classes = [...RAVDESS_EMOTIONS];
  const problems: DatasetProblem[] = [];
  const records: AudioRecord[] = [];
  for (const dir of actorDirs) {
    const folderActor = Number((ACTOR_FOLDER.exec(basename(dir)) as RegExpExecArray)[1]);
    for (const file of listFiles(dir)) {
      if (!isAudioFile(file)) continue;
      const path = join(dir, file);
      let info;
      try {
        info = parseRavdessName(file);
      } catch (e) {
        problems.push({ path, reason: `${(e as Error).message}; skipped` });
        continue;
      }
      if (info.actor !== folderActor) {
        problems.push({ path, reason: `names actor ${info.actor} but lies in ${basename(dir)}; skipped` });
        continue;
      }
      if (channel !== 'both' && info.vocalChannel !== channel) continue;
      records.push({
        path,
        label: info.emotion,
        labelIndex: info.emotionId - 1,
        speaker: ravdessActorId(info.actor),
        meta: {
          modality: info.modality,
          vocalChannel: info.vocalChannel,
          emotion: info.emotion,
          intensity: info.intensity,
          statement: info.statement,
          repetition: info.repetition,
          actor: info.actor,
          gender: info.gender,
        },
      });
    }
  }
  return { name: 'ravdess', root: abs, classes, records: sortByPath(records), problems };
}

/** Actor folders directly under `root`, or one level down (speech and song archives side by side). */
function findActorFolders(root: string): string[] {
  const direct = listFolders(root).filter((f) => ACTOR_FOLDER.test(f));
  if (direct.length > 0) return direct.map((f) => join(root, f));
  return listFolders(root).flatMap((sub) =>
    listFolders(join(root, sub))
      .filter((f) => ACTOR_FOLDER.test(f))
      .map((f) => join(root, sub, f)),
  );
}
