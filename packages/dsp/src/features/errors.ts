import { DspError } from '../audio/errors.js';

/**
 * Base class of the errors thrown by the feature functions (spectrograms, mel, MFCC, Kaldi fbank, SpecAugment).
 * It extends the package-wide {@link DspError}.
 */
export class FeatureError extends DspError {
  override name = 'FeatureError';
}

/** An option of a feature function is missing, of the wrong type or out of range. */
export class FeatureOptionError extends FeatureError {
  override name = 'FeatureOptionError';
  /**
   * @param option the option's name as the caller wrote it (e.g. `numMelBins`).
   * @param value the offending value.
   * @param expected what the option must be, in words (e.g. 'an integer >= 1').
   * @param hint what to do about it, appended to the message.
   */
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly expected: string,
    hint = '',
  ) {
    super(`Option ${option} is ${describe(value)}; expected ${expected}.${hint === '' ? '' : ` ${hint}`}`);
  }
}

/** The waveform holds no samples, so no feature frame can be computed. */
export class EmptyWaveformError extends FeatureError {
  override name = 'EmptyWaveformError';
  /** @param where the function that received it. */
  constructor(where: string) {
    super(
      `${where} received an empty waveform (0 samples); expected at least one sample. ` +
        'Check the decoder output, or skip empty clips before computing features.',
    );
  }
}

/** The waveform (or feature matrix) contains NaN or ±Infinity, which would poison every frame it touches. */
export class NonFiniteWaveformError extends FeatureError {
  override name = 'NonFiniteWaveformError';
  /**
   * @param where the function that received it.
   * @param index index of the first non-finite value.
   * @param value that value (NaN, Infinity or -Infinity).
   */
  constructor(
    where: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(
      `${where}: sample ${index} is ${value}; expected finite samples. ` +
        'The signal is corrupt: clean it (e.g. replace non-finite values by 0) before computing features.',
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeof value;
}
