/** Base class of every error `@spectromix/mixer` throws: catch it to handle all of them. */
export class MixerError extends Error {
  override name = 'MixerError';
}

/** A layer or model was configured with values that cannot work together (e.g. a width the roll groups cannot split). */
export class MixerConfigError extends MixerError {
  override name = 'MixerConfigError';
}

/** A tensor given to a layer has the wrong rank or size along one dimension. */
export class InputShapeError extends MixerError {
  override name = 'InputShapeError';
  /**
   * @param layer the layer or model that rejected the input.
   * @param dimension which dimension is wrong, in words (e.g. `'axis 2 (mel bins)'`, `'rank'`).
   * @param expected what was expected there.
   * @param got the value that was given.
   * @param hint what to do about it.
   */
  constructor(
    readonly layer: string,
    readonly dimension: string,
    readonly expected: number | string,
    readonly got: number | string,
    hint = '',
  ) {
    super(`${layer}: ${dimension} is ${got}, expected ${expected}.${hint === '' ? '' : ` ${hint}`}`);
  }
}

/** One tensor whose shape differs between a state dict and the module that loads it. */
export interface ShapeMismatch {
  /** Dotted parameter name, e.g. `blocks.0.mlp_tokens.fc1.weight`. */
  readonly name: string;
  /** The shape the module needs (PyTorch layout). */
  readonly expected: readonly number[];
  /** The shape found in the state dict. */
  readonly got: readonly number[];
}

/**
 * A state dict does not fit a module: tensors it lacks, tensors the module does not have, or tensors of the
 * wrong shape. All problems are collected before anything is assigned, so a failed load changes nothing.
 */
export class StateDictError extends MixerError {
  override name = 'StateDictError';
  /**
   * @param missing names the module needs that the state dict lacks.
   * @param unexpected names in the state dict the module does not have.
   * @param mismatched tensors present on both sides with different shapes.
   * @param hint what to do about it.
   */
  constructor(
    readonly missing: readonly string[],
    readonly unexpected: readonly string[],
    readonly mismatched: readonly ShapeMismatch[],
    hint = 'Check that the weights were saved for the same architecture and configuration.',
  ) {
    super(describeStateDictProblems(missing, unexpected, mismatched, hint));
  }
}

function describeStateDictProblems(missing: readonly string[], unexpected: readonly string[], mismatched: readonly ShapeMismatch[], hint: string): string {
  const parts: string[] = [];
  const list = (names: readonly string[]): string => (names.length <= 8 ? names.join(', ') : `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`);
  for (const m of mismatched.slice(0, 8)) parts.push(`${m.name} has shape [${m.got.join(', ')}], expected [${m.expected.join(', ')}]`);
  if (mismatched.length > 8) parts.push(`${mismatched.length - 8} more shape mismatches`);
  if (missing.length > 0) parts.push(`missing ${missing.length} tensor(s): ${list(missing)}`);
  if (unexpected.length > 0) parts.push(`unexpected ${unexpected.length} tensor(s): ${list(unexpected)}`);
  return `State dict does not fit the module: ${parts.join('; ')}. ${hint}`;
}
