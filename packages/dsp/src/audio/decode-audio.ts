import { toUint8Array, type AudioBytes } from './bytes.js';
import { decodeCompressed } from './decode-compressed.js';
import type { DecodedAudio } from './decoded-audio.js';
import { EmptyAudioError } from './errors.js';
import { sniffAudioContainer } from './sniff.js';
import { assertFiniteSamples } from './validate.js';
import { readWav, type ReadWavOptions } from './wav-read.js';

/** Options of {@link decodeAudio}. */
export interface DecodeAudioOptions extends ReadWavOptions {
  /**
   * Return the audio a compressed-format decoder produced even when it reported corrupt frames or Ogg page
   * checksums fail (the codec drops or conceals those frames). Default false: a `MalformedAudioError` names
   * the first bad frame or page.
   */
  ignoreDecodeErrors?: boolean;
}

/**
 * Decodes a whole audio file to per-channel Float32Arrays. The container is recognised from the bytes:
 * WAV is read natively (see `readWav`); FLAC (native or Ogg), Ogg Opus, Ogg Vorbis and MP3 go through the wasm
 * decoders of the wasm-audio-decoders project (libFLAC, libopus, libvorbis, libmpg123), which run unchanged
 * in Node and browsers; no Web Audio is used. Opus decodes at 48 kHz like opusdec; `resample` it as needed.
 * @example
 * ```ts
 * const { sampleRate, channelData } = await decodeAudio(await (await fetch('clip.opus')).arrayBuffer());
 * const mono = mixdown(channelData);
 * ```
 * @throws EmptyAudioError, UnsupportedAudioFormatError, MalformedAudioError, TruncatedAudioError (with
 * `strict`), InvalidSampleRateError, InvalidChannelCountError, InvalidSamplesError.
 */
export async function decodeAudio(input: AudioBytes, options: DecodeAudioOptions = {}): Promise<DecodedAudio> {
  const bytes = toUint8Array(input);
  if (bytes.length === 0) {
    throw new EmptyAudioError('The audio input has 0 bytes; pass the whole file contents (was the file empty?).');
  }
  const container = sniffAudioContainer(bytes);
  if (container === 'wav') {
    const { sampleRate, channelData, truncated } = readWav(bytes, options);
    return truncated ? { sampleRate, channelData, truncated } : { sampleRate, channelData };
  }
  const audio = await decodeCompressed(bytes, container, options);
  if (!options.allowNonFinite) assertFiniteSamples(audio.channelData);
  return audio;
}
