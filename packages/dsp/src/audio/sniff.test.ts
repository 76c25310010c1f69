import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudio } from './decode-audio.js';
import { MalformedAudioError, UnsupportedAudioFormatError } from './errors.js';
import { sniffAudioContainer } from './sniff.js';
import { ascii, AUDIO_FIXTURES, concatBytes, le } from './test-support.js';

const codecs = (name: string): Promise<Buffer> => readFile(join(AUDIO_FIXTURES, 'codecs', name));

/** An Ogg page header (CRC not filled in) with one segment holding `packet`. */
function oggPage(packet: Uint8Array): Uint8Array {
  return concatBytes(ascii('OggS'), Uint8Array.from([0, 2]), new Uint8Array(20), Uint8Array.from([1, packet.length]), packet);
}

describe('sniffAudioContainer', () => {
  it('recognises every supported container from its bytes', async () => {
    expect(sniffAudioContainer(await codecs('source-stereo16.wav'))).toBe('wav');
    expect(sniffAudioContainer(await codecs('stereo16.flac'))).toBe('flac');
    expect(sniffAudioContainer(await codecs('mono24.oga'))).toBe('ogg-flac');
    expect(sniffAudioContainer(await codecs('stereo.ogg'))).toBe('ogg-vorbis');
    expect(sniffAudioContainer(await codecs('stereo.mp3'))).toBe('mp3');
    expect(sniffAudioContainer(await codecs('mono-id3.mp3'))).toBe('mp3');
    expect(sniffAudioContainer(oggPage(ascii('OpusHead\x01\x01\x38\x01')))).toBe('ogg-opus');
    expect(sniffAudioContainer(concatBytes(ascii('RF64'), le([0, 4]), ascii('WAVE')))).toBe('wav');
  });

  const unsupported: [string, Uint8Array, RegExp][] = [
    ['AIFF', concatBytes(ascii('FORM'), le([100, 4]), ascii('AIFFCOMM')), /AIFF/],
    ['AIFF-C', concatBytes(ascii('FORM'), le([100, 4]), ascii('AIFCFVER')), /AIFF/],
    ['MP4', concatBytes(le([32, 4]), ascii('ftypM4A isom')), /MP4\/M4A/],
    ['AAC ADTS', Uint8Array.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), /AAC \(ADTS\)/],
    ['Ogg Speex', oggPage(ascii('Speex   1.2')), /Speex/],
    ['Ogg Theora', oggPage(concatBytes(Uint8Array.from([0x80]), ascii('theora'), new Uint8Array(35))), /Theora/],
    ['Sun AU', concatBytes(ascii('.snd'), new Uint8Array(20)), /AU/],
    ['WebM', Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]), /Matroska/],
    ['text', ascii('hello, this is not audio at all'), /match no supported audio format/],
    ['ID3 then junk', concatBytes(ascii('ID3'), Uint8Array.from([3, 0, 0, 0, 0, 0, 2]), ascii('xyz'), ascii('junk')), /ID3 tag but no MPEG/],
  ];
  for (const [name, bytes, message] of unsupported) {
    it(`names ${name} as unsupported`, () => {
      expect(() => sniffAudioContainer(bytes)).toThrow(UnsupportedAudioFormatError);
      expect(() => sniffAudioContainer(bytes)).toThrow(message);
    });
  }

  it('rejects seeded random bytes through decodeAudio', async () => {
    let state = 12345;
    const random = Uint8Array.from({ length: 4096 }, () => {
      state = (state * 1103515245 + 12345) >>> 0;
      return (state >>> 16) & 0x7f; // no 0xFF, so no accidental MPEG frame sync
    });
    await expect(decodeAudio(random)).rejects.toThrow(UnsupportedAudioFormatError);
  });

  it('calls files that end inside the header that names the codec malformed', () => {
    expect(() => sniffAudioContainer(ascii('OggS\0\x02'))).toThrow(MalformedAudioError);
    const id3 = concatBytes(ascii('ID3'), Uint8Array.from([3, 0, 0, 0, 0, 1, 0]), ascii('cut'));
    expect(() => sniffAudioContainer(id3)).toThrow(/ends inside its 138-byte ID3v2 tag/);
  });
});
