import { startsWithAscii } from './bytes.js';

/** Length of an ID3v2 tag starting at `offset` (header + synchsafe size + optional footer), or 0 if none. */
export function id3v2Length(bytes: Uint8Array, offset = 0): number {
  if (!startsWithAscii(bytes, 'ID3', offset) || offset + 10 > bytes.length) return 0;
  let size = 0;
  for (let i = 6; i < 10; i++) size = size * 128 + (bytes[offset + i]! & 0x7f);
  const footer = (bytes[offset + 5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/** True when a valid MPEG audio frame header (MPEG 1/2/2.5, layer I-III) starts at `offset`. */
export function isMpegFrameHeader(bytes: Uint8Array, offset: number): boolean {
  if (offset + 4 > bytes.length) return false;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return false;
  const version = (b1 >> 3) & 0x03; // 1 is reserved
  const layer = (b1 >> 1) & 0x03; // 0 is reserved (ADTS AAC uses it)
  const bitrate = b2 >> 4; // 15 is invalid
  const rate = (b2 >> 2) & 0x03; // 3 is reserved
  return version !== 1 && layer !== 0 && bitrate !== 15 && rate !== 3;
}

/** True when the first MPEG frame (after any ID3v2 tag) is single-channel (channel mode 3). */
export function firstMpegFrameIsMono(bytes: Uint8Array): boolean {
  const offset = id3v2Length(bytes);
  return isMpegFrameHeader(bytes, offset) && bytes[offset + 3]! >> 6 === 3;
}
