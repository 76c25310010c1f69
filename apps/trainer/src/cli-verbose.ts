/** Environment variable that tells the CLI's modules (and its child processes) that `--verbose` was given. */
export const VERBOSE_ENV = 'SPECTROMIX_VERBOSE';

/**
 * Removes `--verbose` from the command line wherever it stands (before or after the command name) and records it
 * in {@link VERBOSE_ENV}; everything after a `--` is left alone.
 */
export function takeVerbose(argv: readonly string[]): { argv: string[]; verbose: boolean } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const verbose = head.includes('--verbose') || process.env[VERBOSE_ENV] === '1';
  if (verbose) process.env[VERBOSE_ENV] = '1';
  return { argv: [...head.filter((a) => a !== '--verbose'), ...(end < 0 ? [] : argv.slice(end))], verbose };
}

/** Whether `--verbose` was given. */
export function isVerbose(): boolean {
  return process.env[VERBOSE_ENV] === '1';
}
