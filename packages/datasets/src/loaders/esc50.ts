import { ESC50_CLASSES } from '../labels/esc50.js';
import type { AudioDataset } from '../types.js';
import { loadFoldCsvDataset } from './fold-csv-dataset.js';

/** ESC-50 clips are all 5 s long (Piczak 2015). */
const ESC50_CLIP_SECONDS = 5;

/**
 * Loads ESC-50 (Piczak 2015) from its published layout: `meta/esc50.csv` (columns filename, fold, target,
 * category, esc10, src_file, take) and `audio/`. `fold` is the official 5-fold split ({@link foldSplit}).
 * Rows whose file is missing, whose fold is not 1-5 or whose category does not match its target are problems.
 * `meta` holds esc10, srcFile and take.
 * @param root the `ESC-50-master` folder.
 * @throws DatasetRootError when `meta/esc50.csv` or `audio/` is missing; CsvColumnError when a column is.
 */
export async function loadEsc50(root: string): Promise<AudioDataset> {
  return loadFoldCsvDataset(root, {
    dataset: 'ESC-50',
    name: 'esc50',
    csv: 'meta/esc50.csv',
    audioDir: 'audio',
    rootHint: 'the ESC-50-master folder of the archive',
    columns: ['filename', 'fold', 'target', 'category', 'esc10', 'src_file', 'take'],
    folds: 5,
    classes: ESC50_CLASSES,
    foldColumn: 'fold',
    classIdColumn: 'target',
    classNameColumn: 'category',
    audioPath: (get) => get('filename'),
    extra: (get) => ({
      durationSeconds: ESC50_CLIP_SECONDS,
      meta: { esc10: get('esc10'), srcFile: get('src_file'), take: get('take') },
    }),
  });
}
