/**
 * Base class of every error thrown by @spectromix/dsp. Catch `DspError` to handle any failure of this package;
 * the subclasses name the specific problem.
 */
export class DspError extends Error {
  override name = 'DspError';
}
