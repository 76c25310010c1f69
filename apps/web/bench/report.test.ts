import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kib, writeSection } from './report.js';

const file = (text?: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'spectromix-report-')), 'BENCHMARKS.md');
  if (text != null) writeFileSync(path, text);
  return path;
};

describe('writeSection', () => {
  it('creates the file with a title when missing', () => {
    const path = file();
    writeSection(path, '## pkg', 'body');
    expect(readFileSync(path, 'utf8')).toBe('# Benchmarks\n\n## pkg\n\nbody\n');
  });

  it('replaces only its own section, keeping the ones before and after', () => {
    const path = file('# Benchmarks\n\n## a\n\nA\n\n## pkg\n\nold\n### sub\nold too\n\n## z\n\nZ\n');
    writeSection(path, '## pkg', 'new');
    expect(readFileSync(path, 'utf8')).toBe('# Benchmarks\n\n## a\n\nA\n\n## pkg\n\nnew\n\n## z\n\nZ\n');
  });

  it('appends the section when the file lacks it', () => {
    const path = file('# Benchmarks\n\n## a\n\nA\n');
    writeSection(path, '## pkg', 'new');
    expect(readFileSync(path, 'utf8')).toBe('# Benchmarks\n\n## a\n\nA\n\n## pkg\n\nnew\n');
  });
});

describe('kib', () => {
  it('formats KiB and MiB', () => {
    expect(kib(1536)).toBe('1.5 KiB');
    expect(kib(3 * 1024 * 1024)).toBe('3.00 MiB');
  });
});
