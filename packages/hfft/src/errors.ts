/** Base class of every error thrown by `@spectromix/hfft`; catch this to catch them all. */
export class HfftError extends Error {
  override name = 'HfftError';
}

/** An input has a dtype other than float32 (complex values travel as separate `re`/`im` float32 tensors). */
export class HfftDtypeError extends HfftError {
  override name = 'HfftDtypeError';
}

/** An input has the wrong rank or shape (a scalar, or an `im` whose shape differs from `re`). */
export class HfftShapeError extends HfftError {
  override name = 'HfftShapeError';
}

/** `axis` is not an integer inside `[-rank, rank)`. */
export class HfftAxisError extends HfftError {
  override name = 'HfftAxisError';
}

/** The transform length `n` (given or implied by the input) is not an integer >= 1, or `norm` is unknown. */
export class HfftLengthError extends HfftError {
  override name = 'HfftLengthError';
}

/** A kernel path was forced that the active backend cannot run (for example `'stockham'` on the CPU). */
export class HfftKernelPathError extends HfftError {
  override name = 'HfftKernelPathError';
}
