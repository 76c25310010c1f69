/**
 * Base class of the errors of `@spectromix/features`. `kind` says what a caller should report: `'invalid'` (the
 * file is not a spectromix export, or is damaged), `'mismatch'` (its parts disagree: labels vs outputs, features
 * vs model input), `'unsupported'` (a version or option this package cannot reproduce).
 */
export class FeaturesError extends Error {
  override name = 'FeaturesError';
}

/** An export manifest that cannot be read; the message names the field and how to fix it. */
export class ManifestError extends FeaturesError {
  override name = 'ManifestError';
  /**
   * @param kind `'invalid'`: not a spectromix export or damaged; `'mismatch'`: its parts disagree;
   * `'unsupported'`: a version or setting this package does not reproduce.
   */
  constructor(
    message: string,
    readonly kind: 'invalid' | 'mismatch' | 'unsupported',
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A recipe call with inputs that do not fit the settings (wrong length, missing speaker statistics). */
export class FeatureInputError extends FeaturesError {
  override name = 'FeatureInputError';
}
