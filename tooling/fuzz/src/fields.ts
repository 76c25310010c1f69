/**
 * Where the length, count and rate fields of each input format are, so the fuzzer can set them to extremes
 * (0, 1, the type's maximum, a 1 GB claimed length) instead of only flipping random bits.
 */

/** One integer field of a file header. */
export interface HeaderField {
  /** What it is, for the failure report (e.g. `RIFF size`, `fmt channels`). */
  readonly name: string;
  /** Byte offset. */
  readonly offset: number;
  /** Width in bytes (1, 2, 3, 4 or 8). */
  readonly width: number;
  /** Byte order. */
  readonly littleEndian: boolean;
}

const ascii = (bytes: Uint8Array, offset: number, length: number): string => String.fromCharCode(...bytes.subarray(offset, offset + length));
const u32le = (b: Uint8Array, o: number): number => ((b[o] ?? 0) | ((b[o + 1] ?? 0) << 8) | ((b[o + 2] ?? 0) << 16) | ((b[o + 3] ?? 0) << 24)) >>> 0;
const le = (name: string, offset: number, width: number): HeaderField => ({ name, offset, width, littleEndian: true });
const be = (name: string, offset: number, width: number): HeaderField => ({ name, offset, width, littleEndian: false });

/** RIFF/WAVE: the form size, every chunk's size, the `fmt ` fields. */
function wavFields(b: Uint8Array): HeaderField[] {
  const out = [le('RIFF size', 4, 4)];
  for (let p = 12; p + 8 <= b.length && out.length < 64; ) {
    const id = ascii(b, p, 4);
    const size = u32le(b, p + 4);
    out.push(le(`${id} chunk size`, p + 4, 4));
    if (id === 'fmt ') {
      out.push(le('fmt format tag', p + 8, 2), le('fmt channels', p + 10, 2), le('fmt sample rate', p + 12, 4), le('fmt byte rate', p + 16, 4), le('fmt block align', p + 20, 2), le('fmt bits per sample', p + 22, 2));
      if (size >= 18) out.push(le('fmt cbSize', p + 24, 2));
    }
    p += 8 + size + (size % 2);
  }
  return out;
}

/** Native FLAC: each metadata block's 24-bit length, and the STREAMINFO fields. */
function flacFields(b: Uint8Array, start: number): HeaderField[] {
  const out: HeaderField[] = [];
  for (let p = start + 4; p + 4 <= b.length && out.length < 32; ) {
    const type = (b[p] ?? 0) & 0x7f;
    const length = ((b[p + 1] ?? 0) << 16) | ((b[p + 2] ?? 0) << 8) | (b[p + 3] ?? 0);
    out.push(be(`FLAC block ${type} length`, p + 1, 3));
    if (type === 0) {
      out.push(be('STREAMINFO min block size', p + 4, 2), be('STREAMINFO max block size', p + 6, 2), be('STREAMINFO min frame size', p + 8, 3), be('STREAMINFO max frame size', p + 11, 3));
      out.push(be('STREAMINFO rate/channels/bits', p + 14, 4), be('STREAMINFO total samples', p + 18, 4));
    }
    if (((b[p] ?? 0) & 0x80) !== 0) break;
    p += 4 + length;
  }
  return out;
}

/** Ogg: each page's granule, segment count and lacing values; the codec header fields of the first packet. */
function oggFields(b: Uint8Array): HeaderField[] {
  const out: HeaderField[] = [];
  for (let p = 0; p + 27 <= b.length && ascii(b, p, 4) === 'OggS' && out.length < 48; ) {
    const segments = b[p + 26] ?? 0;
    out.push(le('Ogg granule', p + 6, 8), le('Ogg page segments', p + 26, 1));
    if (segments > 0) out.push(le('Ogg lacing value', p + 27 + ((p * 7) % segments), 1));
    if (p === 0) {
      const packet = p + 27 + segments;
      if (ascii(b, packet, 8) === 'OpusHead') out.push(le('OpusHead channels', packet + 9, 1), le('OpusHead pre-skip', packet + 10, 2), le('OpusHead input rate', packet + 12, 4), le('OpusHead mapping family', packet + 18, 1));
      if (ascii(b, packet + 1, 6) === 'vorbis') out.push(le('Vorbis channels', packet + 11, 1), le('Vorbis rate', packet + 12, 4), le('Vorbis block sizes', packet + 28, 1));
      if (ascii(b, packet + 1, 4) === 'FLAC') out.push(...flacFields(b, packet + 9));
    }
    let body = 0;
    for (let i = 0; i < segments; i++) body += b[p + 27 + i] ?? 0;
    p += 27 + segments + body;
  }
  return out;
}

/** MP3: the ID3v2 tag size and the first frame header. */
function mp3Fields(b: Uint8Array): HeaderField[] {
  const out: HeaderField[] = [];
  let p = 0;
  if (ascii(b, 0, 3) === 'ID3') {
    out.push(be('ID3 size', 6, 4));
    p = 10 + (((b[6] ?? 0) << 21) | ((b[7] ?? 0) << 14) | ((b[8] ?? 0) << 7) | (b[9] ?? 0));
  }
  out.push(be('MPEG frame header', p, 4));
  return out;
}

/** Header fields of an audio file or a safetensors file (format recognised from its first bytes). */
export function headerFields(bytes: Uint8Array): HeaderField[] {
  const magic = ascii(bytes, 0, 4);
  if (magic === 'RIFF' || magic === 'RF64') return wavFields(bytes);
  if (magic === 'OggS') return oggFields(bytes);
  if (magic === 'fLaC') return flacFields(bytes, 0);
  if (magic.startsWith('ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return mp3Fields(bytes);
  // safetensors: an 8-byte little-endian header length, then a JSON object.
  if (bytes[8] === 0x7b) return [le('safetensors header length', 0, 8)];
  return [];
}

/** Writes `value` (clamped to the field's width) into a copy of `bytes`. */
export function setField(bytes: Uint8Array, field: HeaderField, value: bigint): Uint8Array {
  const out = bytes.slice();
  const max = (1n << BigInt(8 * field.width)) - 1n;
  let v = value < 0n ? 0n : value > max ? max : value;
  for (let i = 0; i < field.width; i++) {
    const at = field.offset + (field.littleEndian ? i : field.width - 1 - i);
    if (at < out.length) out[at] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
