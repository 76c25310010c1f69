import { assertSampleRate } from '../audio/validate.js';
import { EmptyWaveformError, FeatureOptionError, NonFiniteWaveformError } from './errors.js';

/** Throws unless `waveform` has at least one sample and every sample is finite. */
export function assertWaveform(waveform: ArrayLike<number>, where: string): void {
  if (waveform.length === 0) throw new EmptyWaveformError(where);
  // A sum is cheaper than a comparison per sample, and is non-finite whenever a sample is.
  let sum = 0;
  for (let i = 0; i < waveform.length; i++) sum += waveform[i]!;
  if (!Number.isFinite(sum)) assertFinite(waveform, where);
}

/** Throws {@link NonFiniteWaveformError} at the first NaN or ±Infinity. */
export function assertFinite(values: ArrayLike<number>, where: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // v - v is NaN exactly when v is NaN or infinite; cheaper than Number.isFinite in a hot loop.
    if (v - v !== 0) throw new NonFiniteWaveformError(where, i, v);
  }
}

/** Throws `InvalidSampleRateError` unless the rate is an integer in 1 Hz .. 1 MHz. */
export function assertRate(sampleRate: number, option: string): void {
  assertSampleRate(sampleRate, `Option ${option}`);
}

/** Throws unless `value` is an integer >= `min` (and <= `max` when given). */
export function assertInt(option: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new FeatureOptionError(option, value, `an integer ${range}`);
  }
}

/** Throws unless `value` is a finite number in [min, max] (bounds inclusive). */
export function assertNumber(option: string, value: number, min = -Infinity, max = Infinity): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const lo = min === -Infinity ? '' : ` >= ${min}`;
    const hi = max === Infinity ? '' : `${lo === '' ? '' : ' and'} <= ${max}`;
    throw new FeatureOptionError(option, value, `a finite number${lo}${hi}`);
  }
}

/** Throws unless `value` is one of `allowed`; narrows its type. */
export function assertOneOf<T extends string>(option: string, value: string, allowed: readonly T[]): asserts value is T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new FeatureOptionError(option, value, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
}
