import { readFileSync } from 'node:fs';
import { type CsvRow, findColumns, parseCsv } from '../csv/parse-csv.js';
import { CsvColumnError } from '../errors.js';
import type { DatasetProblem } from '../types.js';

/** A CSV file read for a loader: rows whose field count matches the header, and a field getter. */
export interface CsvFile<K extends string> {
  /** Column names. */
  header: string[];
  /** Rows with as many fields as the header. */
  rows: CsvRow[];
  /** Column index of each required column. */
  column: Record<K, number>;
}

/**
 * Reads a CSV file, checks that the required columns exist and drops rows with the wrong number of fields
 * (each reported as a problem with its line number).
 * @throws CsvColumnError when a required column is missing.
 */
export function readCsvFile<K extends string>(path: string, required: readonly K[], problems: DatasetProblem[]): CsvFile<K> {
  const table = parseCsv(readFileSync(path, 'utf8'));
  const { index, missing } = findColumns(table.header, required);
  if (missing.length > 0) throw new CsvColumnError(path, missing, table.header);
  const rows: CsvRow[] = [];
  for (const row of table.rows) {
    if (row.fields.length !== table.header.length) {
      problems.push({ path, reason: `line ${row.line} has ${row.fields.length} fields, the header has ${table.header.length}; row skipped` });
    } else rows.push(row);
  }
  return { header: table.header, rows, column: index };
}

/** Parses an integer field within [lo, hi]; `undefined` when it is not one. */
export function intField(text: string, lo: number, hi: number): number | undefined {
  if (!/^-?\d+$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n >= lo && n <= hi ? n : undefined;
}
