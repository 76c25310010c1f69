import { URBANSOUND8K_CLASSES } from '../labels/urbansound8k.js';
import type { AudioDataset } from '../types.js';
import { loadFoldCsvDataset } from './fold-csv-dataset.js';

/**
 * Loads UrbanSound8K (Salamon, Jacoby & Bello 2014) from its published layout: `metadata/UrbanSound8K.csv`
 * (columns slice_file_name, fsID, start, end, salience, fold, classID, class) and `audio/fold1` ... `audio/fold10`.
 * `fold` is the official 10-fold split (use {@link foldSplit}; never shuffle clips across folds). Rows whose
 * file is missing, whose fold is not 1-10 or whose class name does not match its classID are skipped as problems.
 * `meta` holds sliceFileName, fsID (the Freesound recording), start, end and salience.
 * @param root the `UrbanSound8K` folder.
 * @throws DatasetRootError when the metadata CSV or the audio folder is missing; CsvColumnError when a column is.
 */
export async function loadUrbanSound8k(root: string): Promise<AudioDataset> {
  return loadFoldCsvDataset(root, {
    dataset: 'UrbanSound8K',
    name: 'urbansound8k',
    csv: 'metadata/UrbanSound8K.csv',
    audioDir: 'audio',
    rootHint: 'the UrbanSound8K folder of the archive',
    columns: ['slice_file_name', 'fsID', 'start', 'end', 'salience', 'fold', 'classID', 'class'],
    folds: 10,
    classes: URBANSOUND8K_CLASSES,
    foldColumn: 'fold',
    classIdColumn: 'classID',
    classNameColumn: 'class',
    audioPath: (get, fold) => `fold${fold}/${get('slice_file_name')}`,
    extra: (get) => {
      const start = Number(get('start'));
      const end = Number(get('end'));
      return {
        ...(Number.isFinite(end - start) ? { durationSeconds: end - start } : {}),
        meta: { sliceFileName: get('slice_file_name'), fsID: get('fsID'), start, end, salience: Number(get('salience')) },
      };
    },
  });
}
