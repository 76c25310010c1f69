import { basename, join } from 'node:path';
import { DatasetRootError } from '../errors.js';
import type { AudioDataset, AudioRecord, DatasetProblem } from '../types.js';
import { AUDIO_EXTENSIONS, assertRoot, listAudioFilesDeep, listFolders, sortByPath } from './fs-utils.js';

/** Options of {@link loadFolderDataset}. */
export interface FolderDatasetOptions {
  /**
   * The class list, in label-index order. Default: the subfolder names, sorted. With a list, subfolders not in
   * it are skipped as problems and listed classes without a folder are reported.
   */
  classes?: readonly string[];
  /** File extensions counted as audio (default {@link AUDIO_EXTENSIONS}). */
  extensions?: readonly string[];
  /** `AudioDataset.name` (default: the root folder's name). */
  name?: string;
}

/**
 * Loads a folder-per-class dataset: `root/<class>/**\/*.wav` (any depth below the class folder), like
 * torchvision's ImageFolder. Records have no speaker, fold or split: split them with your own protocol.
 * @throws DatasetRootError when the root has no subfolder.
 */
export async function loadFolderDataset(root: string, options: FolderDatasetOptions = {}): Promise<AudioDataset> {
  const abs = assertRoot('folder dataset', root, [], 'one subfolder per class', ['<class>/<clip>.wav']);
  const folders = listFolders(abs);
  if (folders.length === 0) throw new DatasetRootError('folder dataset', abs, ['<class>/'], 'one subfolder per class');
  const classes = options.classes ? [...options.classes] : folders;
  const problems: DatasetProblem[] = [];
  const records: AudioRecord[] = [];
  for (const folder of folders) {
    const labelIndex = classes.indexOf(folder);
    if (labelIndex < 0) {
      problems.push({ path: join(abs, folder), reason: `folder '${folder}' is not in the class list; skipped` });
      continue;
    }
    const files = listAudioFilesDeep(join(abs, folder), options.extensions ?? AUDIO_EXTENSIONS);
    if (files.length === 0) problems.push({ path: join(abs, folder), reason: `class '${folder}' has no audio files` });
    for (const path of files) records.push({ path, label: folder, labelIndex, meta: {} });
  }
  for (const c of classes) {
    if (!folders.includes(c)) problems.push({ path: join(abs, c), reason: `folder of class '${c}' not found; the class has no clips` });
  }
  return { name: options.name ?? basename(abs), root: abs, classes, records: sortByPath(records), problems };
}
