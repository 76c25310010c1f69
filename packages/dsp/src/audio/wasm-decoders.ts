import type { AudioContainer } from './sniff.js';

/** What every wasm-audio-decoders decoder returns. */
export interface WasmDecodeResult {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  /** Bits per sample of the source (FLAC and Vorbis decoders report it). */
  bitDepth?: number;
  errors: readonly { message: string; frameNumber: number }[];
}

type WasmDecoderRun = (bytes: Uint8Array) => Promise<WasmDecodeResult>;

/**
 * Decodes a whole Ogg Opus file at 48 kHz (the native Opus rate, as opusdec does) with `ogg-opus-decoder`
 * (libopus), applying the header's pre-skip and the end trim of the last granule position.
 */
async function decodeOggOpus(bytes: Uint8Array): Promise<WasmDecodeResult> {
  const { OggOpusDecoder } = await import('ogg-opus-decoder');
  const decoder = new OggOpusDecoder();
  try {
    await decoder.ready;
    return await decoder.decodeFile(bytes);
  } finally {
    decoder.free();
  }
}

/** Decodes a native or Ogg FLAC file with `@wasm-audio-decoders/flac` (libFLAC). */
async function decodeFlac(bytes: Uint8Array): Promise<WasmDecodeResult> {
  const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
  const decoder = new FLACDecoder();
  try {
    await decoder.ready;
    return await decoder.decodeFile(bytes);
  } finally {
    decoder.free();
  }
}

/** Decodes an Ogg Vorbis file with `@wasm-audio-decoders/ogg-vorbis` (libvorbis). */
async function decodeOggVorbis(bytes: Uint8Array): Promise<WasmDecodeResult> {
  const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
  const decoder = new OggVorbisDecoder();
  try {
    await decoder.ready;
    return await decoder.decodeFile(bytes);
  } finally {
    decoder.free();
  }
}

/** Decodes an MPEG audio (MP3, MP2, MP1) file with `mpg123-decoder` (libmpg123), gapless trimming on. */
async function decodeMpeg(bytes: Uint8Array): Promise<WasmDecodeResult> {
  const { MPEGDecoder } = await import('mpg123-decoder');
  const decoder = new MPEGDecoder();
  try {
    await decoder.ready;
    return decoder.decode(bytes);
  } finally {
    decoder.free();
  }
}

/**
 * The wasm decoder of each compressed container. Each is loaded on first use (a dynamic import, so bundles
 * only fetch the codecs they decode) and every decoder instance is freed after its file.
 */
export const WASM_DECODERS: Readonly<Record<Exclude<AudioContainer, 'wav'>, WasmDecoderRun>> = {
  'ogg-opus': decodeOggOpus,
  'ogg-vorbis': decodeOggVorbis,
  flac: decodeFlac,
  'ogg-flac': decodeFlac,
  mp3: decodeMpeg,
};
