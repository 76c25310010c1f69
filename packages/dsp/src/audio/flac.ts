import { startsWithAscii } from './bytes.js';
import { id3v2Length } from './mpeg.js';

/**
 * Total samples per channel that a native FLAC stream's STREAMINFO block declares (a 36-bit field), or 0
 * when unknown (0 in the header, or no STREAMINFO where the spec requires it first).
 */
export function flacTotalSamples(bytes: Uint8Array): number {
  const start = id3v2Length(bytes);
  if (!startsWithAscii(bytes, 'fLaC', start)) return 0;
  const block = start + 4;
  // Metadata block header: 1 bit last-flag, 7 bits type (0 = STREAMINFO), 24 bits length (34).
  if (block + 4 + 34 > bytes.length || (bytes[block]! & 0x7f) !== 0) return 0;
  const info = block + 4;
  // STREAMINFO bytes 13..17: 4 low bits of byte 13, then bytes 14-17 hold the 36-bit total sample count.
  const high = bytes[info + 13]! & 0x0f;
  const low = ((bytes[info + 14]! << 24) | (bytes[info + 15]! << 16) | (bytes[info + 16]! << 8) | bytes[info + 17]!) >>> 0;
  return high * 2 ** 32 + low;
}
