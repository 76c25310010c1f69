import { toUint8Array, type AudioBytes } from './bytes.js';
import type { DecodedAudio } from './decoded-audio.js';
import { EmptyAudioError, MalformedAudioError } from './errors.js';
import { sniffAudioContainer, type AudioContainer } from './sniff.js';
import { assertChannelCount, assertFiniteSamples, assertSampleRate } from './validate.js';
import { WASM_DECODERS, type WasmDecodeResult } from './wasm-decoders.js';
import { readWav, type ReadWavOptions } from './wav-read.js';

/** Options of {@link decodeAudio}. */
export interface DecodeAudioOptions extends ReadWavOptions {
  /**
   * Return the audio a compressed-format decoder produced even when it reported corrupt frames (those frames
   * are dropped or concealed by the codec). Default false: a `MalformedAudioError` names the first bad frame.
   */
  ignoreDecodeErrors?: boolean;
}

const CODEC_NAMES: Readonly<Record<AudioContainer, string>> = {
  wav: 'WAV',
  flac: 'FLAC',
  'ogg-opus': 'Ogg Opus',
  'ogg-vorbis': 'Ogg Vorbis',
  mp3: 'MPEG audio',
};

function checkWasmResult(result: WasmDecodeResult, container: AudioContainer, options: DecodeAudioOptions): DecodedAudio {
  const name = CODEC_NAMES[container];
  const first = result.errors[0];
  if (first && !options.ignoreDecodeErrors) {
    throw new MalformedAudioError(
      `The ${name} decoder reported ${result.errors.length} corrupt frame(s), the first at frame ${first.frameNumber}: ` +
        `${first.message}. The file is damaged; pass \`ignoreDecodeErrors: true\` to keep the frames that decoded.`,
    );
  }
  if (result.channelData.length === 0) {
    throw new MalformedAudioError(
      `The ${name} stream decoded to no audio at all (no channels): it holds headers but no audio packets, or is ` +
        'cut off before its first frame.',
    );
  }
  assertChannelCount(result.channelData.length, `The ${name} stream`);
  assertSampleRate(result.sampleRate, `The ${name} stream`);
  return { sampleRate: result.sampleRate, channelData: result.channelData };
}

/**
 * Decodes a whole audio file to per-channel Float32Arrays. The container is recognised from the bytes:
 * WAV is read natively (see `readWav`); FLAC, Ogg Opus, Ogg Vorbis and MP3 go through the wasm decoders of
 * the wasm-audio-decoders project (libFLAC, libopus, libvorbis, libmpg123), which run unchanged in Node and
 * browsers; no Web Audio is used. Opus decodes at 48 kHz like opusdec; resample with `resample` if needed.
 * @example
 * ```ts
 * const { sampleRate, channelData } = await decodeAudio(await (await fetch('clip.opus')).arrayBuffer());
 * const mono = mixdown(channelData);
 * ```
 * @throws EmptyAudioError, UnsupportedAudioFormatError, MalformedAudioError, TruncatedAudioError (WAV with
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
  const audio = checkWasmResult(await WASM_DECODERS[container](bytes), container, options);
  if (!options.allowNonFinite) assertFiniteSamples(audio.channelData);
  return audio;
}
