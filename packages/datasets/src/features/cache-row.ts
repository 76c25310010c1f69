import { decodeHalf, encodeHalf } from '@spectromix/tensor/codecs';

/** Bytes per stored value. */
export function bytesPerValue(dtype: 'float16' | 'float32'): number {
  return dtype === 'float16' ? 2 : 4;
}

/** Encodes one feature row for the cache body (little-endian float16 or float32 bytes). */
export function encodeRow(values: Float32Array, dtype: 'float16' | 'float32'): Uint8Array {
  const typed = dtype === 'float16' ? encodeHalf(values) : values;
  return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** Decodes one row of cache bytes (as read into `bytes`) into a new Float32Array. */
export function decodeRow(bytes: Uint8Array, dtype: 'float16' | 'float32'): Float32Array {
  if (dtype === 'float32') return new Float32Array(bytes.slice().buffer);
  return decodeHalf(new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2));
}
