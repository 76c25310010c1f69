import { join } from 'node:path';
import type { AudioDataset, AudioRecord, DatasetProblem } from '../types.js';
import { FileIndex, assertRoot, sortByPath } from './fs-utils.js';
import { intField, readCsvFile } from './read-csv-file.js';

/** How a fold-based dataset with one metadata CSV (UrbanSound8K, ESC-50) is laid out. */
export interface FoldCsvLayout<K extends string> {
  /** Human name for errors. */
  dataset: string;
  /** `AudioDataset.name`. */
  name: string;
  /** Metadata CSV, relative to the root. */
  csv: string;
  /** Folder of the audio files, relative to the root. */
  audioDir: string;
  /** Hint for a wrong root. */
  rootHint: string;
  /** Required CSV columns. */
  columns: readonly K[];
  /** Folds are 1..folds. */
  folds: number;
  /** Classes indexed by the class-id column. */
  classes: readonly string[];
  /** Column of the fold number. */
  foldColumn: K;
  /** Column of the numeric class id. */
  classIdColumn: K;
  /** Column of the class name (must match `classes[id]`). */
  classNameColumn: K;
  /** Audio file path relative to `audioDir`, from the row. */
  audioPath: (get: (c: K) => string, fold: number) => string;
  /** Record fields other than path, label, labelIndex and fold. */
  extra: (get: (c: K) => string) => Pick<AudioRecord, 'durationSeconds' | 'meta'>;
}

/**
 * Loads a dataset described by one metadata CSV with official folds. Rows with a bad fold, a class id and
 * name that disagree, or a missing file are skipped and reported.
 */
export function loadFoldCsvDataset<K extends string>(root: string, layout: FoldCsvLayout<K>): AudioDataset {
  const abs = assertRoot(layout.dataset, root, [layout.csv, layout.audioDir], layout.rootHint);
  const csvPath = join(abs, layout.csv);
  const problems: DatasetProblem[] = [];
  const csv = readCsvFile(csvPath, layout.columns, problems);
  const files = new FileIndex();
  const records: AudioRecord[] = [];
  for (const { line, fields } of csv.rows) {
    const get = (c: K): string => fields[csv.column[c]] as string;
    const where = `${csvPath} line ${line}`;
    const fold = intField(get(layout.foldColumn), 1, layout.folds);
    if (fold === undefined) {
      problems.push({ path: where, reason: `fold '${get(layout.foldColumn)}' is not 1-${layout.folds}; row skipped` });
      continue;
    }
    const classId = intField(get(layout.classIdColumn), 0, layout.classes.length - 1);
    if (classId === undefined || layout.classes[classId] !== get(layout.classNameColumn)) {
      problems.push({
        path: where,
        reason:
          `${layout.classIdColumn} '${get(layout.classIdColumn)}' and ${layout.classNameColumn} '${get(layout.classNameColumn)}' ` +
          `do not name one of the ${layout.classes.length} classes; row skipped`,
      });
      continue;
    }
    const path = join(abs, layout.audioDir, layout.audioPath(get, fold));
    if (!files.has(path)) {
      problems.push({ path, reason: `listed in ${where} but not found; row skipped` });
      continue;
    }
    records.push({ path, label: layout.classes[classId] as string, labelIndex: classId, fold, ...layout.extra(get) });
  }
  return { name: layout.name, root: abs, classes: [...layout.classes], records: sortByPath(records), problems };
}
