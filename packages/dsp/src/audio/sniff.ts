import { fourCC, startsWithAscii } from './bytes.js';
import { MalformedAudioError, UnsupportedAudioFormatError } from './errors.js';
import { id3v2Length, isMpegFrameHeader } from './mpeg.js';
import { firstOggPacketOffset } from './ogg.js';

/** Containers/codecs `decodeAudio` recognises. */
export type AudioContainer = 'wav' | 'flac' | 'ogg-flac' | 'ogg-opus' | 'ogg-vorbis' | 'mp3';

/** Codec of the first packet of the first Ogg page. */
function oggCodec(bytes: Uint8Array): AudioContainer {
  const packet = firstOggPacketOffset(bytes);
  if (packet < 0 || packet + 8 > bytes.length) {
    throw new MalformedAudioError(
      `The Ogg file has ${bytes.length} bytes and ends inside its first page header: it is truncated.`,
    );
  }
  if (startsWithAscii(bytes, 'OpusHead', packet)) return 'ogg-opus';
  if (bytes[packet] === 0x01 && startsWithAscii(bytes, 'vorbis', packet + 1)) return 'ogg-vorbis';
  if (bytes[packet] === 0x7f && startsWithAscii(bytes, 'FLAC', packet + 1)) return 'ogg-flac';
  let name = 'an unknown codec';
  if (startsWithAscii(bytes, 'Speex', packet)) name = 'Speex';
  else if (bytes[packet] === 0x80 && startsWithAscii(bytes, 'theora', packet + 1)) name = 'Theora video';
  throw new UnsupportedAudioFormatError(
    `The Ogg stream carries ${name}; only Opus, Vorbis and FLAC are decoded from Ogg. Re-encode it to Opus or ` +
      'FLAC (e.g. `ffmpeg -i in.ogg out.flac`).',
  );
}

/**
 * Recognises the container of an audio file from its first bytes (the file extension is never consulted).
 * @throws UnsupportedAudioFormatError naming the format when it is known but not decodable (AIFF, MP4/M4A,
 * Ogg Speex, big-endian WAV, AAC ADTS, ...) or when the bytes match no audio format; MalformedAudioError when
 * the file ends inside the header that would tell (an Ogg page header, an ID3v2 tag).
 */
export function sniffAudioContainer(bytes: Uint8Array): AudioContainer {
  const magic = fourCC(bytes, 0);
  if (magic === 'RIFF' || magic === 'RF64' || magic === 'BW64' || magic === 'RIFX') return 'wav';
  if (magic === 'OggS') return oggCodec(bytes);
  const skip = id3v2Length(bytes, 0);
  if (startsWithAscii(bytes, 'fLaC', skip)) return 'flac';
  if (isMpegFrameHeader(bytes, skip)) return 'mp3';
  if (skip >= bytes.length) {
    throw new MalformedAudioError(
      `The file ends inside its ${skip}-byte ID3v2 tag (${bytes.length} bytes in all): it is truncated before any audio.`,
    );
  }
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
      ' Supported: WAV (PCM/float/A-law/mu-law), FLAC (native or Ogg), Ogg Opus, Ogg Vorbis and MP3. Convert the file, e.g. ' +
      '`ffmpeg -i input output.wav`.',
  );
}
