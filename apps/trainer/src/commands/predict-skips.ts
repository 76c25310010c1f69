/** An input file `predict` could not classify, and why. */
export interface SkippedFile {
  readonly file: string;
  /** The decoder's message (it names the file). */
  readonly reason: string;
}

/**
 * The line `predict` ends with when files were skipped: `498 of 500 files classified; 2 skipped: a.opus, b.wav`
 * (the first five named, then a count).
 */
export function skipSummary(total: number, skipped: readonly SkippedFile[]): string {
  const names = skipped.slice(0, 5).map((s) => s.file);
  const more = skipped.length > 5 ? ` and ${skipped.length - 5} more` : '';
  return `${total - skipped.length} of ${total} files classified; ${skipped.length} skipped${skipped.length > 0 ? `: ${names.join(', ')}${more}` : ''}.`;
}
