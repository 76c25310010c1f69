import type { DecodedAudio } from './decoded-audio.js';
import { MalformedAudioError, TruncatedAudioError } from './errors.js';
import { flacTotalSamples } from './flac.js';
import { firstMpegFrameIsMono } from './mpeg.js';
import { opusPreSkip, scanOggPages, type OggScan } from './ogg.js';
import type { AudioContainer } from './sniff.js';
import { assertChannelCount, assertSampleRate } from './validate.js';
import { WASM_DECODERS, type WasmDecodeResult } from './wasm-decoders.js';

/** Options shared by the compressed-format path of `decodeAudio`. */
export interface CompressedDecodeOptions {
  /** Throw TruncatedAudioError for files that end before their promised audio. */
  strict?: boolean;
  /** Keep the audio a decoder produced despite corrupt frames or failed Ogg page checksums. */
  ignoreDecodeErrors?: boolean;
}

type CompressedContainer = Exclude<AudioContainer, 'wav'>;

const CODEC_NAMES: Readonly<Record<CompressedContainer, string>> = {
  flac: 'FLAC',
  'ogg-flac': 'Ogg FLAC',
  'ogg-opus': 'Ogg Opus',
  'ogg-vorbis': 'Ogg Vorbis',
  mp3: 'MPEG audio',
};

function truncationError(name: string, detail: string): TruncatedAudioError {
  return new TruncatedAudioError(
    `The ${name} file is truncated: ${detail}. Re-export or re-download it, or decode without \`strict: true\` ` +
      'to get the audio present (the result then carries `truncated: true`).',
  );
}

/** Checks the Ogg pages; returns the scan, or undefined when corrupt pages are to be ignored. */
function checkOgg(bytes: Uint8Array, name: string, options: CompressedDecodeOptions): OggScan | undefined {
  const scan = scanOggPages(bytes);
  if (scan.corruptAt >= 0) {
    if (options.ignoreDecodeErrors) return undefined;
    throw new MalformedAudioError(
      `The ${name} file is corrupt at byte ${scan.corruptAt} (page ${scan.pages}): the Ogg page checksum fails or ` +
        'the bytes are no Ogg page. Pass `ignoreDecodeErrors: true` to decode what the codec can recover.',
    );
  }
  if (scan.truncated && options.strict) {
    throw truncationError(name, `it ends after ${scan.pages} complete Ogg page(s) without an end-of-stream page`);
  }
  return scan;
}

/**
 * Opus playback length is the last granule position minus the pre-skip (RFC 7845 section 4); ogg-opus-decoder
 * does not subtract the pre-skip when the last page is also the first audio page, so trim here as opusdec does.
 */
function trimOpusEnd(channelData: Float32Array[], bytes: Uint8Array, scan: OggScan): Float32Array[] {
  if (!scan.endOfStream || scan.streams !== 1 || scan.lastGranule < 0) return channelData;
  const length = scan.lastGranule - opusPreSkip(bytes);
  if (length < 0 || length >= channelData[0]!.length) return channelData;
  return channelData.map((ch) => ch.slice(0, length));
}

/**
 * @wasm-audio-decoders/flac scales integer FLAC samples by 1 / (2^(bits-1) - 1); torchaudio and soundfile divide
 * by 2^(bits-1). Recover the integers (exact for up to 24 bits) and rescale so FLAC equals the same PCM in WAV.
 */
function rescaleFlac(channelData: Float32Array[], bitDepth: number | undefined): void {
  if (bitDepth === undefined || bitDepth < 4 || bitDepth > 24) return;
  const full = 2 ** (bitDepth - 1);
  const inverse = 1 / full;
  for (const ch of channelData) {
    for (let i = 0; i < ch.length; i++) ch[i] = Math.round(ch[i]! * (full - 1)) * inverse;
  }
}

/** Rejects decoder output that is not a consistent set of equally long Float32Array channels. */
function checkShape(result: WasmDecodeResult, name: string, options: CompressedDecodeOptions): void {
  const first = result.errors[0];
  if (first && !options.ignoreDecodeErrors) {
    throw new MalformedAudioError(
      `The ${name} decoder reported ${result.errors.length} corrupt frame(s), the first at frame ${first.frameNumber}: ` +
        `${first.message}. The file is damaged; pass \`ignoreDecodeErrors: true\` to keep the frames that decoded.`,
    );
  }
  const { channelData, samplesDecoded } = result;
  const consistent =
    Array.isArray(channelData) &&
    channelData.every((ch) => ch instanceof Float32Array && ch.length === samplesDecoded);
  if (!consistent || channelData.length === 0 || samplesDecoded === 0) {
    throw new MalformedAudioError(
      `The ${name} stream decoded to no audio: it holds no complete audio frame (cut off or corrupt before the ` +
        'first one) or only headers.',
    );
  }
  assertChannelCount(channelData.length, `The ${name} stream`);
  assertSampleRate(result.sampleRate, `The ${name} stream`);
}

/**
 * Runs the wasm decoder. The decoders are third-party glue around C libraries and fail on some damaged input with
 * a plain TypeError (e.g. an OpusHead with 255 channels, an Ogg FLAC stream cut inside its headers): those
 * become a MalformedAudioError, the package's error for broken files, with the decoder's error as `cause`.
 */
async function runDecoder(container: CompressedContainer, name: string, bytes: Uint8Array): Promise<WasmDecodeResult> {
  try {
    return await WASM_DECODERS[container](bytes);
  } catch (error) {
    throw new MalformedAudioError(
      `The ${name} decoder cannot read this file (${error instanceof Error ? error.message : String(error)}): it is damaged ` +
        `or not ${name} audio. Re-export or re-download it.`,
      { cause: error },
    );
  }
}

/**
 * Decodes FLAC, Ogg (Opus, Vorbis, FLAC) or MPEG audio through its wasm decoder, with the checks the decoders
 * leave out: Ogg page checksums and truncation, FLAC STREAMINFO length, the real channel count of mono MP3
 * (libmpg123 is run in forced-stereo mode by mpg123-decoder), and the shape of what came back.
 */
export async function decodeCompressed(
  bytes: Uint8Array,
  container: CompressedContainer,
  options: CompressedDecodeOptions,
): Promise<DecodedAudio> {
  const name = CODEC_NAMES[container];
  const scan = container.startsWith('ogg-') ? checkOgg(bytes, name, options) : undefined;
  let truncated = scan?.truncated ?? false;
  const result = await runDecoder(container, name, scan ? bytes.subarray(0, scan.completeBytes) : bytes);
  checkShape(result, name, options);
  let channelData = result.channelData;
  if (container === 'flac' || container === 'ogg-flac') rescaleFlac(channelData, result.bitDepth);
  if (container === 'ogg-opus' && scan) channelData = trimOpusEnd(channelData, bytes, scan);
  if (container === 'flac') {
    const expected = flacTotalSamples(bytes);
    if (expected > result.samplesDecoded) {
      if (options.strict) throw truncationError(name, `STREAMINFO declares ${expected} frames, ${result.samplesDecoded} decoded`);
      truncated = true;
    }
  } else if (container === 'mp3' && firstMpegFrameIsMono(bytes)) {
    channelData = channelData.slice(0, 1);
  }
  const audio: DecodedAudio = { sampleRate: result.sampleRate, channelData };
  if (truncated) audio.truncated = true;
  return audio;
}
