import { AudioOptionError } from './errors.js';
import { assertChannelCount, assertSampleRate } from './validate.js';
import { WAVE_FORMAT } from './wav-format.js';

/** Sample storage {@link encodeWav} can write. */
export type WavEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

/** Options of {@link encodeWav}. */
export interface EncodeWavOptions {
  /** Sample storage. Default 'pcm16'. */
  encoding?: WavEncoding;
  /** Write WAVE_FORMAT_EXTENSIBLE. Default: true for more than 2 channels, as the WAV spec asks. */
  extensible?: boolean;
}

const BYTES: Record<WavEncoding, number> = { pcm8: 1, pcm16: 2, pcm24: 3, pcm32: 4, float32: 4, float64: 8 };

/** Quantises x (clamped to [-1, 1]) to a signed integer of `bits` bits, rounding to nearest. */
function quantise(x: number, bits: number): number {
  const full = 2 ** (bits - 1);
  const v = Math.round(x * full);
  if (v >= full) return full - 1;
  if (v < -full) return -full;
  return v | 0;
}

function writeSample(view: DataView, p: number, x: number, encoding: WavEncoding): void {
  switch (encoding) {
    case 'pcm8':
      view.setUint8(p, quantise(x, 8) + 128);
      break;
    case 'pcm16':
      view.setInt16(p, quantise(x, 16), true);
      break;
    case 'pcm24': {
      const v = quantise(x, 24);
      view.setUint8(p, v & 0xff);
      view.setUint8(p + 1, (v >> 8) & 0xff);
      view.setUint8(p + 2, (v >> 16) & 0xff);
      break;
    }
    case 'pcm32':
      view.setInt32(p, quantise(x, 32), true);
      break;
    case 'float32':
      view.setFloat32(p, x, true);
      break;
    case 'float64':
      view.setFloat64(p, x, true);
      break;
  }
}

function writeAscii(bytes: Uint8Array, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
}

/**
 * Encodes channels as a little-endian RIFF/WAVE file. PCM samples are clamped to [-1, 1] and rounded
 * (scaled by 2^(bits-1), the inverse of `readWav`); float files also get the `fact` chunk the spec asks for.
 * @example
 * ```ts
 * const bytes = encodeWav([new Float32Array([0, 0.5, -0.5])], 16000, { encoding: 'float32' });
 * ```
 */
export function encodeWav(
  channelData: readonly Float32Array[],
  sampleRate: number,
  options: EncodeWavOptions = {},
): Uint8Array {
  const encoding = options.encoding ?? 'pcm16';
  const bytesPerSample = BYTES[encoding];
  if (bytesPerSample === undefined) {
    throw new AudioOptionError(`Unknown WAV encoding '${String(encoding)}'; use one of ${Object.keys(BYTES).join(', ')}.`);
  }
  const channels = channelData.length;
  assertChannelCount(channels, 'encodeWav input');
  assertSampleRate(sampleRate, 'encodeWav');
  const frames = channelData[0]!.length;
  if (channelData.some((ch) => ch.length !== frames)) {
    throw new AudioOptionError(
      `encodeWav needs channels of equal length; got ${channelData.map((ch) => ch.length).join(', ')}.`,
    );
  }
  const isFloat = encoding === 'float32' || encoding === 'float64';
  const extensible = options.extensible ?? channels > 2;
  const fmtSize = extensible ? 40 : isFloat ? 18 : 16;
  const factSize = isFloat ? 12 : 0;
  const blockAlign = channels * bytesPerSample;
  const dataSize = frames * blockAlign;
  const pad = dataSize & 1;
  const total = 12 + 8 + fmtSize + factSize + 8 + dataSize + pad;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  writeAscii(bytes, 0, 'RIFF');
  view.setUint32(4, total - 8, true);
  writeAscii(bytes, 8, 'WAVE');
  writeAscii(bytes, 12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  const tag = isFloat ? WAVE_FORMAT.IEEE_FLOAT : WAVE_FORMAT.PCM;
  view.setUint16(20, extensible ? WAVE_FORMAT.EXTENSIBLE : tag, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bytesPerSample * 8, true);
  if (extensible) {
    view.setUint16(36, 22, true);
    view.setUint16(38, bytesPerSample * 8, true);
    view.setUint32(40, channels <= 18 ? 2 ** channels - 1 : 0, true);
    // KSDATAFORMAT_SUBTYPE_{PCM,IEEE_FLOAT}: {tag}-0000-0010-8000-00AA00389B71
    bytes.set([tag, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71], 44);
  }
  let p = 20 + fmtSize;
  if (isFloat) {
    writeAscii(bytes, p, 'fact');
    view.setUint32(p + 4, 4, true);
    view.setUint32(p + 8, frames, true);
    p += 12;
  }
  writeAscii(bytes, p, 'data');
  view.setUint32(p + 4, dataSize, true);
  p += 8;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++, p += bytesPerSample) writeSample(view, p, channelData[c]![i]!, encoding);
  }
  return bytes;
}
