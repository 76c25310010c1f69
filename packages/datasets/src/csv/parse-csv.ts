/** One data row of a CSV file with the 1-based line where it starts. */
export interface CsvRow {
  /** Line number (1-based) of the row's first character, for problem reports. */
  line: number;
  /** The row's fields, unquoted. */
  fields: string[];
}

/** A parsed CSV file: its header and data rows. */
export interface CsvTable {
  /** Column names of the first row, trimmed. */
  header: string[];
  /** Data rows (blank lines are skipped). */
  rows: CsvRow[];
}

/**
 * Parses RFC 4180 CSV text: comma separated, double-quoted fields with `""` escapes and embedded newlines,
 * CRLF or LF line ends, an optional UTF-8 byte-order mark. The first row is the header.
 * @param text the file contents.
 */
export function parseCsv(text: string): CsvTable {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) endRow();
  const first = rows.shift();
  return { header: first ? first.fields.map((h) => h.trim()) : [], rows };
}

/**
 * Maps required column names to their indices in a header.
 * @returns the index of each wanted column and the names that are missing.
 */
export function findColumns<K extends string>(
  header: readonly string[],
  wanted: readonly K[],
): { index: Record<K, number>; missing: K[] } {
  const index = {} as Record<K, number>;
  const missing: K[] = [];
  for (const name of wanted) {
    const at = header.indexOf(name);
    if (at < 0) missing.push(name);
    index[name] = at;
  }
  return { index, missing };
}
