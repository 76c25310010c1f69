import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces (or appends) the section that starts with `heading` (a `## ` line) in a Markdown file, leaving every
 * other section as it is. Creates the file with `# Benchmarks` when missing.
 */
export function writeSection(path: string, heading: string, body: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  const section = [heading, '', ...body.trimEnd().split('\n'), ''];
  if (start < 0) {
    const trimmed = text.trimEnd();
    writeFileSync(path, `${trimmed}\n\n${section.join('\n')}`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  const next = [...lines.slice(0, start), ...section, ...lines.slice(end)];
  writeFileSync(path, next.join('\n').replace(/\n{3,}/g, '\n\n'));
}

/** `12.3 KiB` (binary units, one decimal). */
export function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
