import { fourCC, startsWithAscii } from './bytes.js';
import { UnsupportedAudioFormatError } from './errors.js';

/** Containers/codecs `decodeAudio` recognises. */
export type AudioContainer = 'wav' | 'flac' | 'ogg-opus' | 'ogg-vorbis' | 'mp3';

/** Length of an ID3v2 tag starting at `offset` (header + synchsafe size + optional footer), or 0 if none. */
function id3v2Length(bytes: Uint8Array, offset: number): number {
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

/** Codec of the first packet of the first Ogg page (its segment table skipped). */
function oggCodec(bytes: Uint8Array): AudioContainer {
  if (bytes.length < 27) {
    throw new UnsupportedAudioFormatError(
      `The Ogg stream has ${bytes.length} bytes, fewer than one page header (27): the file is truncated.`,
    );
  }
  const packet = 27 + bytes[26]!;
  if (startsWithAscii(bytes, 'OpusHead', packet)) return 'ogg-opus';
  if (bytes[packet] === 0x01 && startsWithAscii(bytes, 'vorbis', packet + 1)) return 'ogg-vorbis';
  let name = 'an unknown codec';
  if (bytes[packet] === 0x7f && startsWithAscii(bytes, 'FLAC', packet + 1)) name = 'FLAC (Ogg FLAC)';
  else if (startsWithAscii(bytes, 'Speex', packet)) name = 'Speex';
  else if (bytes[packet] === 0x80 && startsWithAscii(bytes, 'theora', packet + 1)) name = 'Theora video';
  throw new UnsupportedAudioFormatError(
    `The Ogg stream carries ${name}; only Ogg Opus and Ogg Vorbis are decoded. Re-encode it to Opus, or to ` +
      'native FLAC (`flac` or `ffmpeg -i in.ogg out.flac`).',
  );
}

/**
 * Recognises the container of an audio file from its first bytes (the file extension is never consulted).
 * @throws UnsupportedAudioFormatError naming the format when it is known but not decodable (AIFF, MP4/M4A,
 * Ogg FLAC/Speex, big-endian WAV, AAC ADTS, ...) or when the bytes match no audio format.
 */
export function sniffAudioContainer(bytes: Uint8Array): AudioContainer {
  const magic = fourCC(bytes, 0);
  if (magic === 'RIFF' || magic === 'RF64' || magic === 'BW64' || magic === 'RIFX') return 'wav';
  if (magic === 'OggS') return oggCodec(bytes);
  const skip = id3v2Length(bytes, 0);
  if (startsWithAscii(bytes, 'fLaC', skip)) return 'flac';
  if (isMpegFrameHeader(bytes, skip)) return 'mp3';
  if (skip > 0) {
    throw new UnsupportedAudioFormatError(
      'The file starts with an ID3 tag but no MPEG audio frame or FLAC stream follows it directly. If it is an ' +
        'MP3 with padding or junk after the tag, re-encode or re-tag it.',
    );
  }
  let name: string | undefined;
  if (magic === 'FORM' && (fourCC(bytes, 8) === 'AIFF' || fourCC(bytes, 8) === 'AIFC')) name = 'AIFF/AIFF-C';
  else if (fourCC(bytes, 4) === 'ftyp') name = 'MP4/M4A (AAC or ALAC)';
  else if (bytes[0] === 0xff && bytes.length > 1 && (bytes[1]! & 0xf6) === 0xf0) name = 'AAC (ADTS)';
  else if (magic === '.snd') name = 'Sun/NeXT AU';
  else if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) name = 'Matroska/WebM';
  else if (magic === 'caff') name = 'Core Audio Format (CAF)';
  throw new UnsupportedAudioFormatError(
    (name ? `The file is ${name}, which is not decoded.` : 'The bytes match no supported audio format.') +
      ' Supported: WAV (PCM/float/A-law/mu-law), FLAC, Ogg Opus, Ogg Vorbis and MP3. Convert the file, e.g. ' +
      '`ffmpeg -i input output.wav`.',
  );
}
