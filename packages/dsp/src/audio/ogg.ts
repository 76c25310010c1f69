import { startsWithAscii } from './bytes.js';

/** Result of {@link scanOggPages}. */
export interface OggScan {
  /** Bytes up to the end of the last complete page (what can be decoded). */
  completeBytes: number;
  /** Complete pages found. */
  pages: number;
  /** True when the last complete page carries the end-of-stream flag. */
  endOfStream: boolean;
  /** True when bytes remain after the last complete page (a page cut short) or no end-of-stream page came. */
  truncated: boolean;
  /** Byte offset of the first page whose CRC does not match, or of bytes that are no page at all; else -1. */
  corruptAt: number;
  /** Granule position of the last complete page that has one (-1 when none does). */
  lastGranule: number;
  /** Beginning-of-stream pages seen: more than 1 for chained or multiplexed files. */
  streams: number;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

let crcTable: Uint32Array | undefined;

/** Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0, no final xor. */
function oggCrcTable(): Uint32Array {
  if (crcTable) return crcTable;
  crcTable = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    crcTable[i] = r >>> 0;
  }
  return crcTable;
}

/** CRC of the Ogg page `bytes[start, end)` (its CRC field counted as zero); internal, also used by tests to re-seal edited pages. */
export function pageCrc(bytes: Uint8Array, start: number, end: number): number {
  const table = oggCrcTable();
  let crc = 0;
  for (let i = start; i < end; i++) {
    // The CRC field itself (page bytes 22-25) counts as zero.
    const b = i - start >= 22 && i - start < 26 ? 0 : bytes[i]!;
    crc = ((crc << 8) ^ table[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  }
  return crc;
}

/**
 * Rewrites the CRC of every complete Ogg page in place, so that an edited file passes the page check again (for
 * tools that edit or fuzz Ogg files). Stops at the first byte that does not start a page, and leaves a last page
 * whose lacing runs past the end alone.
 * @returns the same bytes.
 */
export function resealOggPages(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let p = 0; p + 27 <= bytes.length; ) {
    if (bytes[p] !== 0x4f || bytes[p + 1] !== 0x67 || bytes[p + 2] !== 0x67 || bytes[p + 3] !== 0x53) break;
    const segments = bytes[p + 26]!;
    let end = p + 27 + segments;
    for (let s = 0; s < segments && p + 27 + s < bytes.length; s++) end += bytes[p + 27 + s]!;
    if (end > bytes.length) break;
    view.setUint32(p + 22, pageCrc(bytes, p, end), true);
    p = end;
  }
  return bytes;
}

/**
 * Walks the pages of an Ogg file, checking each page's CRC (the wasm decoders skip that check, so corrupt
 * pages would otherwise decode to garbage) and finding where the complete pages end.
 */
export function scanOggPages(bytes: Uint8Array): OggScan {
  let pos = 0;
  let pages = 0;
  let endOfStream = false;
  let corruptAt = -1;
  let lastGranule = -1;
  let streams = 0;
  while (pos + 27 <= bytes.length) {
    if (!startsWithAscii(bytes, 'OggS', pos)) {
      corruptAt = pos;
      break;
    }
    const segments = bytes[pos + 26]!;
    if (pos + 27 + segments > bytes.length) break;
    let body = 0;
    for (let s = 0; s < segments; s++) body += bytes[pos + 27 + s]!;
    const end = pos + 27 + segments + body;
    if (end > bytes.length) break;
    if (readUint32(bytes, pos + 22) !== pageCrc(bytes, pos, end)) {
      corruptAt = pos;
      break;
    }
    const flags = bytes[pos + 5]!;
    endOfStream = (flags & 0x04) !== 0;
    if ((flags & 0x02) !== 0) streams++;
    const granule = readUint32(bytes, pos + 6) + readUint32(bytes, pos + 10) * 2 ** 32;
    if (granule !== 2 ** 64 - 1) lastGranule = granule; // all ones: no packet ends on this page
    pages++;
    pos = end;
  }
  const cutShort = corruptAt < 0 && pos < bytes.length;
  return { completeBytes: pos, pages, endOfStream, truncated: cutShort || !endOfStream, corruptAt, lastGranule, streams };
}

/** Pre-skip (samples at 48 kHz to drop at the start) of an Ogg Opus file's OpusHead packet, or 0. */
export function opusPreSkip(bytes: Uint8Array): number {
  const head = firstOggPacketOffset(bytes);
  if (head < 0 || head + 12 > bytes.length || !startsWithAscii(bytes, 'OpusHead', head)) return 0;
  return bytes[head + 10]! | (bytes[head + 11]! << 8);
}

/** Offset of the first packet of the first page (after its segment table), or -1 if the header is incomplete. */
export function firstOggPacketOffset(bytes: Uint8Array): number {
  if (bytes.length < 27 || !startsWithAscii(bytes, 'OggS')) return -1;
  return 27 + bytes[26]!;
}
