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

/** The lifecycle every wasm-audio-decoders decoder shares. */
interface WasmDecoder {
  ready: Promise<void>;
  free(): void;
}

/** Waits for a fresh decoder, runs one whole-file decode on it and frees its wasm memory whatever happens. */
async function decodeOnce<D extends WasmDecoder>(
  decoder: D,
  run: (decoder: D) => WasmDecodeResult | Promise<WasmDecodeResult>,
): Promise<WasmDecodeResult> {
  try {
    await decoder.ready;
    return await run(decoder);
  } finally {
    decoder.free();
  }
}

/** Loads a decoder library once; later calls reuse the promise (no module resolution per file). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

const loadOpus = once(() => import('ogg-opus-decoder'));
const loadVorbis = once(() => import('@wasm-audio-decoders/ogg-vorbis'));
const loadFlac = once(() => import('@wasm-audio-decoders/flac'));
const loadMpeg = once(() => import('mpg123-decoder'));

async function decodeFlac(bytes: Uint8Array): Promise<WasmDecodeResult> {
  const { FLACDecoder } = await loadFlac();
  return decodeOnce(new FLACDecoder(), (d) => d.decodeFile(bytes));
}

/**
 * The wasm decoder of each compressed container. Each library is loaded on first use (a dynamic import, so
 * bundles only fetch the codecs they decode) and every decoder instance is freed after its file.
 * - Ogg Opus: `ogg-opus-decoder` (libopus) at 48 kHz, the native Opus rate, as opusdec decodes.
 * - FLAC, native or in Ogg: `@wasm-audio-decoders/flac` (libFLAC).
 * - Ogg Vorbis: `@wasm-audio-decoders/ogg-vorbis` (libvorbis).
 * - MPEG audio (MP3, MP2, MP1): `mpg123-decoder` (libmpg123), gapless trimming on.
 */
export const WASM_DECODERS: Readonly<Record<Exclude<AudioContainer, 'wav'>, WasmDecoderRun>> = {
  'ogg-opus': async (bytes) => {
    const { OggOpusDecoder } = await loadOpus();
    return decodeOnce(new OggOpusDecoder(), (d) => d.decodeFile(bytes));
  },
  'ogg-vorbis': async (bytes) => {
    const { OggVorbisDecoder } = await loadVorbis();
    return decodeOnce(new OggVorbisDecoder(), (d) => d.decodeFile(bytes));
  },
  flac: decodeFlac,
  'ogg-flac': decodeFlac,
  mp3: async (bytes) => {
    const { MPEGDecoder } = await loadMpeg();
    return decodeOnce(new MPEGDecoder(), (d) => d.decode(bytes));
  },
};
