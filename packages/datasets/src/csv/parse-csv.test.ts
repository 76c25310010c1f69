import { describe, expect, it } from 'vitest';
import { findColumns, parseCsv } from './parse-csv.js';

describe('parseCsv', () => {
  it('reads a header and rows with CRLF, BOM and a trailing newline', () => {
    const t = parseCsv('\ufeffa,b,c\r\n1,2,3\r\n4,5,6\r\n');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.rows).toEqual([
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('unquotes fields with commas, escaped quotes and newlines and keeps line numbers', () => {
    const t = parseCsv('name,note\n"x, y","say ""hi"""\n"multi\nline",z\nlast,row');
    expect(t.rows.map((r) => r.fields)).toEqual([
      ['x, y', 'say "hi"'],
      ['multi\nline', 'z'],
      ['last', 'row'],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 5]);
  });

  it('skips blank lines and keeps empty fields', () => {
    const t = parseCsv('a,b\n\n1,\n,2\n');
    expect(t.rows.map((r) => r.fields)).toEqual([
      ['1', ''],
      ['', '2'],
    ]);
  });

  it('returns an empty header for empty text', () => {
    expect(parseCsv('')).toEqual({ header: [], rows: [] });
  });
});

describe('findColumns', () => {
  it('finds indices and reports the missing columns', () => {
    const { index, missing } = findColumns(['path', 'label', 'x'], ['label', 'path', 'speaker']);
    expect(index).toEqual({ label: 1, path: 0, speaker: -1 });
    expect(missing).toEqual(['speaker']);
  });
});
