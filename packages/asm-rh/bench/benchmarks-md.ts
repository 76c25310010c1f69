/** Writes one package's section of the root BENCHMARKS.md, leaving every other section as it is. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the section headed `heading` (up to the next `## ` heading) in `path`, or appends it; creates the file
 * with a `# Benchmarks` title when missing.
 */
export function writeSection(path: string, heading: string, body: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const section = `${heading}\n\n${body.trim()}\n`;
  const start = text.indexOf(`${heading}\n`);
  if (start < 0) {
    writeFileSync(path, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length);
  const rest = next < 0 ? '' : text.slice(next + 1);
  writeFileSync(path, `${text.slice(0, start)}${section}${rest === '' ? '' : `\n${rest}`}`);
}

/**
 * Replaces the `### ...` subsection starting with `subheading` inside the section `heading` (up to the next `### `
 * or `## ` heading) with `markdown`, or appends it to the section (creating the section when missing).
 */
export function writeSubsection(path: string, heading: string, subheading: string, markdown: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(`${heading}\n`);
  const end = start < 0 ? -1 : text.indexOf('\n## ', start + heading.length);
  const section = start < 0 ? `${heading}\n` : text.slice(start, end < 0 ? undefined : end + 1);
  const subStart = section.indexOf(subheading);
  let body: string;
  if (subStart < 0) {
    body = `${section.trimEnd()}\n\n${markdown.trim()}\n`;
  } else {
    const after = section.slice(subStart + subheading.length);
    const next = after.search(/\n#{2,3} /);
    body = `${section.slice(0, subStart)}${markdown.trim()}\n${next < 0 ? '' : after.slice(next)}`;
  }
  writeSection(path, heading, body.slice(heading.length).trim());
}
