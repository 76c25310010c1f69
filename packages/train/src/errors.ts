/** Base class of every error thrown by @spectromix/train. Catch this to handle any training failure. */
export class TrainError extends Error {
  override name = 'TrainError';
}

/** An option passed to an optimiser, schedule, loss or the loop is out of range or inconsistent. */
export class TrainConfigError extends TrainError {
  override name = 'TrainConfigError';
  /**
   * @param option the option's name, e.g. `'betas[0]'`.
   * @param message what was wrong and what is accepted.
   */
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/**
 * The training loss became NaN or infinite. The loop stops before writing any checkpoint from the diverged
 * state, so the newest checkpoint on disk is the last good one.
 */
export class NonFiniteLossError extends TrainError {
  override name = 'NonFiniteLossError';
  /**
   * @param loss the value read (NaN, Infinity or -Infinity).
   * @param epoch zero-based epoch of the failing step.
   * @param batch zero-based batch index within that epoch.
   * @param globalStep optimiser steps completed before the failing one.
   * @param lastCheckpoint path or id of the newest good checkpoint, if one was written.
   */
  constructor(
    readonly loss: number,
    readonly epoch: number,
    readonly batch: number,
    readonly globalStep: number,
    readonly lastCheckpoint: string | undefined,
  ) {
    super(
      `The training loss is ${loss} at epoch ${epoch + 1}, batch ${batch + 1} (step ${globalStep + 1}); training stopped. ` +
        (lastCheckpoint != null ? `The last good checkpoint is ${lastCheckpoint}. ` : 'No checkpoint had been written yet. ') +
        'Lower the learning rate, enable gradient clipping (clipGradNorm) or check the inputs for NaN.',
    );
  }
}

/** A checkpoint cannot be read: truncated, corrupted, not a spectromix checkpoint, or from another model. */
export class CheckpointError extends TrainError {
  override name = 'CheckpointError';
  /**
   * @param source the file or id that failed.
   * @param message what was wrong and what to do.
   */
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
  }
}

/** The checkpoint is intact but belongs to a different model (parameter names or shapes differ). */
export class CheckpointMismatchError extends CheckpointError {
  override name = 'CheckpointMismatchError';
}

/** Training was stopped through its abort signal; a checkpoint of the exact position was written first when a store was given. */
export class TrainingInterruptedError extends TrainError {
  override name = 'TrainingInterruptedError';
  /** @param checkpoint the checkpoint written at the stop, if any. */
  constructor(readonly checkpoint: string | undefined) {
    super(`Training was interrupted.${checkpoint != null ? ` Resume from ${checkpoint}.` : ' No checkpoint store was configured, so progress is lost.'}`);
  }
}
