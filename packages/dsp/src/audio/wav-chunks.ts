import { fourCC } from './bytes.js';
import { MalformedAudioError, UnsupportedAudioFormatError } from './errors.js';

/** Where the `fmt ` and `data` chunks of a RIFF/RF64 WAVE file lie. */
export interface WavLayout {
  /** Payload of the `fmt ` chunk. */
  fmt: Uint8Array;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of sample data present in the file (never past its end). */
  dataBytes: number;
  /** Bytes the header declares for the data chunk, or -1 for a streaming header (size 0 or 0xFFFFFFFF). */
  declaredDataBytes: number;
}

const STREAMING_SIZE = 0xffffffff;

/** True when 4 bytes at `offset` could be a chunk id (printable ASCII, as every registered RIFF id is). */
function looksLikeChunkId(bytes: Uint8Array, offset: number): boolean {
  if (offset + 8 > bytes.length) return false;
  for (let i = 0; i < 4; i++) {
    const b = bytes[offset + i]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
}

/** ds64 chunk of RF64/BW64: the 64-bit data size (offset 8 of its payload). */
function readDs64DataSize(bytes: Uint8Array, payload: number): number {
  return readUint32(bytes, payload + 8) + readUint32(bytes, payload + 12) * 2 ** 32;
}

/** Validates the 12-byte RIFF header; returns true for RF64/BW64 (64-bit sizes in a ds64 chunk). */
function checkRiffHeader(bytes: Uint8Array): boolean {
  const id = fourCC(bytes, 0);
  if (id === 'RIFX' || id === 'RIFF' || id === 'RF64' || id === 'BW64') {
    if (bytes.length < 12) {
      throw new MalformedAudioError(
        `The file starts like a WAV (${id}) but has only ${bytes.length} bytes; a WAV header needs at least 12. ` +
          'The file is truncated.',
      );
    }
    if (fourCC(bytes, 8) !== 'WAVE') {
      throw new UnsupportedAudioFormatError(
        `The file is a RIFF container of type '${fourCC(bytes, 8)}', not WAVE audio. Only WAV is read from RIFF files.`,
      );
    }
    if (id === 'RIFX') {
      throw new UnsupportedAudioFormatError(
        'The file is a big-endian WAV (RIFX), which is not supported. Convert it to a little-endian WAV or FLAC.',
      );
    }
    return id !== 'RIFF';
  }
  throw new UnsupportedAudioFormatError(`The bytes start with '${id}', not 'RIFF'/'RF64': this is not a WAV file.`);
}

/**
 * Walks the chunks of a WAVE file and finds `fmt ` and `data`, whatever their order and whatever other chunks
 * (LIST, fact, JUNK, bext, ...) lie around them. Odd-sized chunks are followed by a pad byte; writers that
 * forget it are tolerated. A data chunk whose size is 0xFFFFFFFF (or 0 with nothing chunk-like after it, as
 * streaming writers leave it) runs to the end of the file; RF64/BW64 take the size from the ds64 chunk.
 */
export function locateWavChunks(bytes: Uint8Array): WavLayout {
  const rf64 = checkRiffHeader(bytes);
  let ds64DataSize = -1;
  let fmt: Uint8Array | undefined;
  let data: { offset: number; bytes: number; declared: number } | undefined;
  let pos = 12;
  while (pos + 8 <= bytes.length) {
    const id = fourCC(bytes, pos);
    const size = readUint32(bytes, pos + 4);
    const payload = pos + 8;
    const remaining = bytes.length - payload;
    if (id === 'data') {
      let declared = size;
      if (rf64 && size === STREAMING_SIZE && ds64DataSize >= 0) declared = ds64DataSize;
      else if (size === STREAMING_SIZE || (size === 0 && remaining > 0 && !looksLikeChunkId(bytes, payload))) {
        declared = -1;
      }
      const present = declared < 0 ? remaining : Math.min(declared, remaining);
      data = { offset: payload, bytes: present, declared };
      if (declared < 0 || declared >= remaining) break;
    } else if (id === 'fmt ') {
      if (size > remaining) {
        throw new MalformedAudioError(
          `The WAV fmt chunk declares ${size} bytes but only ${remaining} remain in the file; the file is truncated.`,
        );
      }
      fmt = bytes.subarray(payload, payload + size);
    } else if (id === 'ds64' && size >= 16 && remaining >= 16) {
      ds64DataSize = readDs64DataSize(bytes, payload);
    }
    if (size > remaining) break;
    let next = payload + size + (size & 1);
    // Some writers omit the pad byte after an odd-sized chunk: trust the unpadded position if only it parses.
    if ((size & 1) === 1 && !looksLikeChunkId(bytes, next) && looksLikeChunkId(bytes, next - 1)) next -= 1;
    pos = next;
  }
  if (!fmt) {
    throw new MalformedAudioError(
      'The WAV file has no fmt chunk before its end, so its sample format is unknown. The file is corrupt or truncated.',
    );
  }
  if (!data) {
    throw new MalformedAudioError(
      'The WAV file has no data chunk, so it holds no audio. The file is corrupt or truncated.',
    );
  }
  return { fmt, dataOffset: data.offset, dataBytes: data.bytes, declaredDataBytes: data.declared };
}
