/** Base class of the CLI's own errors: the message is printed as is, without a stack trace. */
export class CliError extends Error {
  override name = 'CliError';
  /** Process exit code (2 for usage and configuration problems, 1 otherwise). */
  readonly exitCode: number = 1;
}

/** The command line or a configuration layer is invalid (unknown flag, unknown preset, value out of range). */
export class ConfigError extends CliError {
  override name = 'ConfigError';
  override readonly exitCode: number = 2;
}

/** A dataset, audio file or folder cannot be used (missing, unreadable, empty). */
export class DataError extends CliError {
  override name = 'DataError';
}

/** An exported model folder or file is missing parts or is malformed. */
export class ExportFormatError extends CliError {
  override name = 'ExportFormatError';
}

/**
 * An output path cannot be written: its parent is a file, a folder on the way is not writable, or the path is a
 * folder where a file is expected (or the reverse). Checked before any work starts, so no result is computed and lost.
 */
export class OutputPathError extends CliError {
  override name = 'OutputPathError';
  override readonly exitCode: number = 3;
}

/**
 * The run asks for a precision the chosen backend cannot give (`train.precision: "mixed"` on a WebGPU device without
 * the features f16 matmuls need). Raised before any data is read, with the missing features and the ways out.
 */
export class PrecisionUnavailableError extends CliError {
  override name = 'PrecisionUnavailableError';
  override readonly exitCode: number = 2;
}
