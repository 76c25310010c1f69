import { aLawToFloat, muLawToFloat } from './g711.js';
import type { WavFormat } from './wav-format.js';

/**
 * Converts `frames` interleaved frames starting at byte `offset` into one Float32Array per channel, scaled
 * like torchaudio/soundfile: unsigned 8-bit as (b - 128) / 128, signed n-byte integers divided by 2^(8n-1)
 * (so samples narrower than their container, left-justified as the format requires, scale correctly),
 * floats as stored.
 */
export function deinterleaveWavSamples(
  bytes: Uint8Array,
  offset: number,
  frames: number,
  format: WavFormat,
): Float32Array[] {
  const channels = format.numChannels;
  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) out.push(new Float32Array(frames));
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, frames * format.blockAlign);
  const step = format.blockAlign;
  const width = format.bytesPerSample;
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    let p = c * width;
    switch (format.encoding) {
      case 'uint8':
        for (let i = 0; i < frames; i++, p += step) dst[i] = (view.getUint8(p) - 128) * (1 / 128);
        break;
      case 'int16':
        for (let i = 0; i < frames; i++, p += step) dst[i] = view.getInt16(p, true) * (1 / 32768);
        break;
      case 'int24':
        for (let i = 0; i < frames; i++, p += step) {
          const v = view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16);
          dst[i] = v * (1 / 8388608);
        }
        break;
      case 'int32':
        for (let i = 0; i < frames; i++, p += step) dst[i] = view.getInt32(p, true) * (1 / 2147483648);
        break;
      case 'float32':
        for (let i = 0; i < frames; i++, p += step) dst[i] = view.getFloat32(p, true);
        break;
      case 'float64':
        for (let i = 0; i < frames; i++, p += step) dst[i] = view.getFloat64(p, true);
        break;
      case 'alaw':
      case 'mulaw': {
        const table = format.encoding === 'alaw' ? aLawToFloat() : muLawToFloat();
        for (let i = 0; i < frames; i++, p += step) dst[i] = table[view.getUint8(p)]!;
        break;
      }
    }
  }
  return out;
}
