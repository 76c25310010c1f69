/**
 * Base class of every error thrown by @spectromix/dsp. Catch `DspError` to handle any failure of this package;
 * the subclasses name the specific problem.
 */
export class DspError extends Error {
  override name = 'DspError';
}

/** The input holds no bytes at all (an empty file or buffer). */
export class EmptyAudioError extends DspError {
  override name = 'EmptyAudioError';
}

/**
 * The bytes are not in a container or codec this package decodes (AIFF, MP4/AAC, Ogg Speex, WAV with a
 * compressed format tag such as 0x0055 MP3, or unrecognisable bytes).
 */
export class UnsupportedAudioFormatError extends DspError {
  override name = 'UnsupportedAudioFormatError';
}

/**
 * The bytes claim a supported format but its structure is broken: a missing or short `fmt ` chunk, no `data`
 * chunk, an inconsistent block alignment, or a decoder that reported corrupt frames.
 */
export class MalformedAudioError extends DspError {
  override name = 'MalformedAudioError';
}

/**
 * The file ends before the audio its header promises (a WAV data chunk or FLAC STREAMINFO longer than the
 * file, an Ogg stream cut inside a page or before its end-of-stream page) and `strict: true` was asked for.
 * Without `strict` the decoders return the audio present and set `truncated: true` on the result instead.
 */
export class TruncatedAudioError extends MalformedAudioError {
  override name = 'TruncatedAudioError';
}

/** A sample rate that is not a positive integer in the supported range (1 Hz to 1 MHz). */
export class InvalidSampleRateError extends DspError {
  override name = 'InvalidSampleRateError';
  /** @param sampleRate the offending rate. @param where what carried it (a header, an argument). */
  constructor(
    readonly sampleRate: number,
    where: string,
  ) {
    super(
      `${where} has sample rate ${sampleRate}; expected a positive integer no larger than ${MAX_SAMPLE_RATE} Hz. ` +
        'Check the file header or the argument (rates are in Hz, e.g. 16000).',
    );
  }
}

/** The audio declares zero channels (or a channel layout the reader cannot use). */
export class InvalidChannelCountError extends DspError {
  override name = 'InvalidChannelCountError';
}

/** Decoded samples contain NaN or ±Infinity (only float WAV can carry them) and `allowNonFinite` was not set. */
export class InvalidSamplesError extends DspError {
  override name = 'InvalidSamplesError';
  /**
   * @param channel channel of the first non-finite sample.
   * @param index frame index of the first non-finite sample.
   * @param value the sample (NaN, Infinity or -Infinity).
   */
  constructor(
    readonly channel: number,
    readonly index: number,
    readonly value: number,
  ) {
    super(
      `Sample ${index} of channel ${channel} is ${value}; audio samples must be finite. The file is corrupt or was ` +
        'written from a broken signal. Pass `allowNonFinite: true` to decode it anyway and clean the samples yourself.',
    );
  }
}

/** An option of `resample` (or another audio function) is out of range. */
export class AudioOptionError extends DspError {
  override name = 'AudioOptionError';
}

/** Highest sample rate accepted anywhere in the package, in Hz; anything above is treated as a corrupt header. */
export const MAX_SAMPLE_RATE = 1_000_000;
