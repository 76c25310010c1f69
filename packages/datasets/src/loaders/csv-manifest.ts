import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { DatasetRootError } from '../errors.js';
import type { AudioDataset, AudioRecord, DatasetProblem, SplitName } from '../types.js';
import { FileIndex, sortByPath } from './fs-utils.js';
import { intField, readCsvFile } from './read-csv-file.js';

/** Options of {@link loadCsvManifest}: which columns hold what. */
export interface CsvManifestOptions {
  /** Column with the audio path (relative to `root`, or absolute). */
  pathColumn: string;
  /** Column with the class name. */
  labelColumn: string;
  /** Column with a speaker id. */
  speakerColumn?: string;
  /** Column with an integer fold. */
  foldColumn?: string;
  /** Column with the subset: train/training, validation/valid/val/dev, test/testing. */
  splitColumn?: string;
  /** Column with the duration in seconds. */
  durationColumn?: string;
  /** The class list in label-index order; rows with other labels are skipped as problems. Default: sorted labels. */
  classes?: readonly string[];
  /** Folder that relative paths start from (default: the CSV's folder). */
  root?: string;
  /** `AudioDataset.name` (default: the CSV file name without extension). */
  name?: string;
}

const SPLIT_NAMES: Record<string, SplitName> = {
  train: 'train', training: 'train',
  validation: 'validation', valid: 'validation', val: 'validation', dev: 'validation',
  test: 'test', testing: 'test',
};

/**
 * Loads a dataset described by a CSV manifest with a path and a label column (and optional speaker, fold, split
 * and duration columns; every other column goes to `meta` as text). Rows with a missing file, an empty path or
 * label, a label outside `classes`, or a bad fold or split are skipped and reported with their line.
 * @throws DatasetRootError when the CSV does not exist; CsvColumnError when a named column is missing.
 */
export async function loadCsvManifest(csvPath: string, options: CsvManifestOptions): Promise<AudioDataset> {
  const absCsv = resolve(csvPath);
  if (!existsSync(absCsv)) throw new DatasetRootError('CSV manifest', dirname(absCsv), [basename(absCsv)]);
  const root = resolve(options.root ?? dirname(absCsv));
  const named = {
    path: options.pathColumn,
    label: options.labelColumn,
    speaker: options.speakerColumn,
    fold: options.foldColumn,
    split: options.splitColumn,
    duration: options.durationColumn,
  };
  const problems: DatasetProblem[] = [];
  const csv = readCsvFile(absCsv, Object.values(named).filter((c): c is string => c !== undefined), problems);
  const col = (name: string | undefined): number => (name === undefined ? -1 : csv.column[name] ?? -1);
  const at = { path: col(named.path), label: col(named.label), speaker: col(named.speaker), fold: col(named.fold), split: col(named.split), duration: col(named.duration) };
  const metaColumns = csv.header.map((h, i) => [h, i] as const).filter(([, i]) => !Object.values(at).includes(i));

  const rows: { record: Omit<AudioRecord, 'labelIndex'>; line: number }[] = [];
  const files = new FileIndex();
  for (const { line, fields } of csv.rows) {
    const where = `${absCsv} line ${line}`;
    const field = (i: number): string => (i < 0 ? '' : (fields[i] as string).trim());
    const rel = field(at.path);
    const label = field(at.label);
    if (!rel || !label) {
      problems.push({ path: where, reason: 'empty path or label; row skipped' });
      continue;
    }
    const path = isAbsolute(rel) ? rel : join(root, rel);
    if (!files.has(path)) {
      problems.push({ path, reason: `listed in ${where} but not found; row skipped` });
      continue;
    }
    const record: Omit<AudioRecord, 'labelIndex'> = { path, label, meta: Object.fromEntries(metaColumns.map(([h, i]) => [h, fields[i] as string])) };
    if (at.speaker >= 0 && field(at.speaker)) record.speaker = field(at.speaker);
    if (at.fold >= 0) {
      const fold = intField(field(at.fold), -1e9, 1e9);
      if (fold === undefined) {
        problems.push({ path: where, reason: `fold '${field(at.fold)}' is not an integer; row skipped` });
        continue;
      }
      record.fold = fold;
    }
    if (at.split >= 0) {
      const split = SPLIT_NAMES[field(at.split).toLowerCase()];
      if (!split) {
        problems.push({ path: where, reason: `split '${field(at.split)}' is not train, validation or test; row skipped` });
        continue;
      }
      record.split = split;
    }
    if (at.duration >= 0 && Number.isFinite(Number.parseFloat(field(at.duration)))) record.durationSeconds = Number.parseFloat(field(at.duration));
    rows.push({ record, line });
  }

  const classes = options.classes ? [...options.classes] : [...new Set(rows.map((r) => r.record.label))].sort();
  const records: AudioRecord[] = [];
  for (const { record, line } of rows) {
    const labelIndex = classes.indexOf(record.label);
    if (labelIndex < 0) problems.push({ path: record.path, reason: `label '${record.label}' (${absCsv} line ${line}) is not in the class list; row skipped` });
    else records.push({ ...record, labelIndex });
  }
  return { name: options.name ?? basename(absCsv).replace(/\.[^.]*$/, ''), root, classes, records: sortByPath(records), problems };
}
