import { toUint8Array, type AudioBytes } from './bytes.js';
import type { DecodedAudio } from './decoded-audio.js';
import { EmptyAudioError, TruncatedAudioError } from './errors.js';
import { assertFiniteSamples } from './validate.js';
import { locateWavChunks } from './wav-chunks.js';
import { parseWavFormat, type WavFormat } from './wav-format.js';
import { deinterleaveWavSamples } from './wav-samples.js';

/** Options of {@link readWav} (also accepted by `decodeAudio`). */
export interface ReadWavOptions {
  /**
   * Throw {@link TruncatedAudioError} when the data chunk declares more bytes than the file holds, instead of
   * returning the frames present with `truncated: true`. Default false.
   */
  strict?: boolean;
  /** Return NaN/±Infinity samples of float WAV files instead of throwing `InvalidSamplesError`. Default false. */
  allowNonFinite?: boolean;
}

/** A decoded WAV file: the samples, the parsed format, and whether the file was cut short. */
export interface WavAudio extends DecodedAudio {
  /** The `fmt ` chunk as parsed. */
  format: WavFormat;
  /** True when the header declared more frames than the file holds (only the frames present are returned). */
  truncated: boolean;
}

/**
 * Decodes a WAV (RIFF/WAVE, or RF64/BW64) file synchronously: PCM 8 (unsigned), 16, 24 and 32 bit, IEEE float
 * 32 and 64 bit, A-law and mu-law, any channel count, plain or WAVE_FORMAT_EXTENSIBLE, chunks in any order.
 * A trailing partial frame is dropped.
 * @example
 * ```ts
 * const { sampleRate, channelData } = readWav(bytes);
 * ```
 * @throws EmptyAudioError, UnsupportedAudioFormatError, MalformedAudioError, TruncatedAudioError (strict),
 * InvalidSampleRateError, InvalidChannelCountError, InvalidSamplesError (non-finite float samples).
 */
export function readWav(input: AudioBytes, options: ReadWavOptions = {}): WavAudio {
  const bytes = toUint8Array(input);
  if (bytes.length === 0) {
    throw new EmptyAudioError('The WAV input has 0 bytes; pass the whole file contents.');
  }
  const layout = locateWavChunks(bytes);
  const format = parseWavFormat(layout.fmt);
  const frames = Math.floor(layout.dataBytes / format.blockAlign);
  const truncated = layout.declaredDataBytes > layout.dataBytes;
  if (truncated && options.strict) {
    throw new TruncatedAudioError(
      `The WAV data chunk declares ${Math.floor(layout.declaredDataBytes / format.blockAlign)} frames but the file ` +
        `holds only ${frames}: the file is truncated or its header lies. Re-export it, or decode without ` +
        '`strict: true` to read the frames present (the result then carries `truncated: true`).',
    );
  }
  const channelData = deinterleaveWavSamples(bytes, layout.dataOffset, frames, format);
  const isFloat = format.encoding === 'float32' || format.encoding === 'float64';
  if (isFloat && !options.allowNonFinite) assertFiniteSamples(channelData);
  return { sampleRate: format.sampleRate, channelData, format, truncated };
}
