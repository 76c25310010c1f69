import { CommanderError } from 'commander';
import { CliError } from './errors.js';

/**
 * Exit codes of `spectromix` (listed in the README): 0 success; 1 a failure with a message (data, model,
 * checkpoint, decoding, training); 2 a usage or configuration error (nothing ran); 3 an output path that cannot be
 * written (checked before any work); 70 an internal error (a bug: please report it); 130 interrupted (Ctrl-C).
 */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2, output: 3, internal: 70, interrupted: 130 } as const;

/** Errors of spectromix packages are expected failures: their message says what to do. */
const EXPECTED = /^(Train|Checkpoint|NonFiniteLoss|TrainConfig|Datasets|DatasetRoot|CsvColumn|FileName|Split|DatasetOptions|FeatureMissing|FeatureCache|Clip|AsmRh|UnknownPreset|WeightsMismatch|Mixer|StateDict|Safetensors|BackendUnavailable|TensorflowBackendMissing|Dsp|Audio|Decode|Malformed|Truncated|Empty|UnsupportedAudio|InvalidSampleRate|InvalidChannel|InvalidSamples)\w*Error$/;

/** File system errors of Node, by code: what to do about them. */
const SYSTEM_HINTS: Readonly<Record<string, { readonly hint: string; readonly code: number }>> = {
  ENOSPC: { hint: 'the disk is full: free some space or write elsewhere', code: EXIT_CODES.output },
  EACCES: { hint: 'permission denied: choose a path you can access', code: EXIT_CODES.output },
  EPERM: { hint: 'operation not permitted: choose a path you can access', code: EXIT_CODES.output },
  EROFS: { hint: 'the file system is read-only: write elsewhere', code: EXIT_CODES.output },
  ENOTDIR: { hint: 'a part of the path is a file, not a folder: fix the path', code: EXIT_CODES.output },
  EISDIR: { hint: 'the path is a folder where a file is needed: fix the path', code: EXIT_CODES.output },
  ENOENT: { hint: 'no such file or folder: check the path', code: EXIT_CODES.failed },
  EMFILE: { hint: 'too many open files: raise the limit (ulimit -n) or use fewer workers', code: EXIT_CODES.failed },
};

/** Whether an error is an expected failure (the CLI's own, or a typed error of a spectromix package), not a bug. */
export function isExpectedFailure(error: unknown): boolean {
  return error instanceof CliError || EXPECTED.test((error as Error | undefined)?.name ?? '');
}

/**
 * Prints one line for a failure (the stack trace only with `--verbose`) and returns the process exit code.
 * The CLI's own errors carry their code; typed errors of the spectromix packages exit 1 with their message;
 * file system errors get a hint; anything else is an internal error (exit 70) that asks for `--verbose`.
 */
export function reportFailure(error: unknown, verbose: boolean, write: (line: string) => void = (l) => process.stderr.write(l)): number {
  const e = error as (Error & { code?: string; syscall?: string; path?: string }) | undefined;
  const stack = verbose && e?.stack != null ? `${e.stack}\n` : '';
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  if (e?.name === 'TrainingInterruptedError') return EXIT_CODES.interrupted;
  if (error instanceof CliError) {
    write(`error: ${error.message}\n${stack}`);
    return error.exitCode;
  }
  if (EXPECTED.test(e?.name ?? '')) {
    write(`error (${e!.name}): ${e!.message}\n${stack}`);
    return EXIT_CODES.failed;
  }
  const system = e?.code != null ? SYSTEM_HINTS[e.code] : undefined;
  if (system != null) {
    write(`error: ${e!.syscall ?? 'file access'} ${e!.path ?? ''}: ${system.hint} (${e!.code}).\n${stack}`);
    return system.code;
  }
  write(`unexpected error: ${e?.message ?? String(error)}\n${stack || 'This is a bug in spectromix: run the command again with --verbose for the stack trace and report it.\n'}`);
  return EXIT_CODES.internal;
}
