import { MalformedAudioError, UnsupportedAudioFormatError } from './errors.js';
import { assertChannelCount, assertSampleRate } from './validate.js';

/** WAV format tags this package decodes (after resolving WAVE_FORMAT_EXTENSIBLE to its sub-format). */
export const WAVE_FORMAT = {
  PCM: 0x0001,
  IEEE_FLOAT: 0x0003,
  ALAW: 0x0006,
  MULAW: 0x0007,
  EXTENSIBLE: 0xfffe,
} as const;

/** How the samples of a WAV `data` chunk are stored. */
export type WavSampleEncoding = 'uint8' | 'int16' | 'int24' | 'int32' | 'float32' | 'float64' | 'alaw' | 'mulaw';

/** The parsed `fmt ` chunk of a WAV file. */
export interface WavFormat {
  /** Format tag of the samples: the `fmt ` tag, or the sub-format GUID's tag for WAVE_FORMAT_EXTENSIBLE. */
  formatTag: number;
  /** True when the file used WAVE_FORMAT_EXTENSIBLE (0xFFFE). */
  extensible: boolean;
  /** Number of interleaved channels. */
  numChannels: number;
  /** Frames per second. */
  sampleRate: number;
  /** Bytes of one frame (all channels). */
  blockAlign: number;
  /** `wBitsPerSample` of the header (the container size for EXTENSIBLE files). */
  bitsPerSample: number;
  /** Meaningful bits per sample (`wValidBitsPerSample` of EXTENSIBLE files, else `bitsPerSample`). */
  validBitsPerSample: number;
  /** Speaker mask of EXTENSIBLE files (0 when absent). */
  channelMask: number;
  /** Storage of one sample. */
  encoding: WavSampleEncoding;
  /** Bytes one sample of one channel occupies. */
  bytesPerSample: number;
}

const SUPPORTED_TAGS: ReadonlySet<number> = new Set([
  WAVE_FORMAT.PCM,
  WAVE_FORMAT.IEEE_FLOAT,
  WAVE_FORMAT.ALAW,
  WAVE_FORMAT.MULAW,
]);

/** Trailing 12 bytes shared by every KSDATAFORMAT_SUBTYPE GUID (xxxxxxxx-0000-0010-8000-00AA00389B71). */
const SUBTYPE_GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Common compressed WAV format tags, named in the error for files that carry them. */
const COMPRESSED_TAG_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG-1 Layer I/II',
  0x0055: 'MPEG Layer 3 (MP3)',
  0x00ff: 'AAC',
  0x0161: 'Windows Media Audio',
  0x1610: 'HE-AAC',
  0x2000: 'AC-3',
};

function hex4(tag: number): string {
  return '0x' + tag.toString(16).toUpperCase().padStart(4, '0');
}

function guidString(b: Uint8Array): string {
  const h = (i: number): string => b[i]!.toString(16).padStart(2, '0');
  const d1 = [3, 2, 1, 0].map(h).join('');
  const d2 = [5, 4].map(h).join('');
  const d3 = [7, 6].map(h).join('');
  const d4 = [8, 9].map(h).join('');
  const d5 = [10, 11, 12, 13, 14, 15].map(h).join('');
  return `${d1}-${d2}-${d3}-${d4}-${d5}`;
}

function subFormatTag(guid: Uint8Array): number {
  for (let i = 0; i < SUBTYPE_GUID_TAIL.length; i++) {
    if (guid[4 + i] !== SUBTYPE_GUID_TAIL[i]) {
      throw new UnsupportedAudioFormatError(
        `The WAVE_FORMAT_EXTENSIBLE sub-format GUID ${guidString(guid)} is not a KSDATAFORMAT_SUBTYPE this reader knows ` +
          '(PCM, IEEE float, A-law, mu-law). Convert the file to plain PCM or float WAV, or to FLAC.',
      );
    }
  }
  return guid[0]! | (guid[1]! << 8);
}

function unsupportedTag(tag: number): UnsupportedAudioFormatError {
  const name = COMPRESSED_TAG_NAMES[tag];
  return new UnsupportedAudioFormatError(
    `The WAV file uses format tag ${hex4(tag)}${name ? ` (${name})` : ''}; only PCM (0x0001), IEEE float (0x0003), ` +
      'A-law (0x0006), mu-law (0x0007) and WAVE_FORMAT_EXTENSIBLE of those are decoded. Convert it to PCM WAV or FLAC ' +
      '(e.g. `ffmpeg -i in.wav -c:a pcm_s16le out.wav`).',
  );
}

function encodingOf(tag: number, bytesPerSample: number): WavSampleEncoding {
  if (tag === WAVE_FORMAT.PCM) {
    const pcm: (WavSampleEncoding | undefined)[] = [undefined, 'uint8', 'int16', 'int24', 'int32'];
    const encoding = pcm[bytesPerSample];
    if (encoding) return encoding;
  } else if (tag === WAVE_FORMAT.IEEE_FLOAT) {
    if (bytesPerSample === 4) return 'float32';
    if (bytesPerSample === 8) return 'float64';
  } else if (tag === WAVE_FORMAT.ALAW || tag === WAVE_FORMAT.MULAW) {
    if (bytesPerSample === 1) return tag === WAVE_FORMAT.ALAW ? 'alaw' : 'mulaw';
  }
  throw new UnsupportedAudioFormatError(
    `The WAV file stores format ${hex4(tag)} in ${bytesPerSample}-byte samples; supported are PCM in 1-4 bytes, ` +
      'float in 4 or 8 bytes and A-law/mu-law in 1 byte. Convert it to 16-bit PCM or 32-bit float WAV.',
  );
}

/**
 * Parses the payload of a `fmt ` chunk.
 * @param chunk the chunk's bytes (without its 8-byte header).
 */
export function parseWavFormat(chunk: Uint8Array): WavFormat {
  if (chunk.length < 16) {
    throw new MalformedAudioError(
      `The WAV fmt chunk has ${chunk.length} bytes; it needs at least 16. The header is corrupt or truncated.`,
    );
  }
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let formatTag = view.getUint16(0, true);
  const numChannels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const headerBlockAlign = view.getUint16(12, true);
  const bitsPerSample = view.getUint16(14, true);
  const extensible = formatTag === WAVE_FORMAT.EXTENSIBLE;
  let validBitsPerSample = bitsPerSample;
  let channelMask = 0;
  if (extensible) {
    if (chunk.length < 40) {
      throw new MalformedAudioError(
        `The WAV fmt chunk says WAVE_FORMAT_EXTENSIBLE but has ${chunk.length} bytes; that layout needs 40. ` +
          'The header is corrupt.',
      );
    }
    validBitsPerSample = view.getUint16(18, true) || bitsPerSample;
    channelMask = view.getUint32(20, true);
    formatTag = subFormatTag(chunk.subarray(24, 40));
  }
  if (!SUPPORTED_TAGS.has(formatTag)) throw unsupportedTag(formatTag);
  assertChannelCount(numChannels, 'The WAV fmt chunk');
  assertSampleRate(sampleRate, 'The WAV fmt chunk');
  if (bitsPerSample === 0) {
    throw new MalformedAudioError('The WAV fmt chunk declares 0 bits per sample; the header is corrupt.');
  }
  const minBytes = Math.ceil(bitsPerSample / 8);
  const blockAlign = headerBlockAlign === 0 ? minBytes * numChannels : headerBlockAlign;
  const bytesPerSample = blockAlign / numChannels;
  if (!Number.isInteger(bytesPerSample) || bytesPerSample < minBytes) {
    throw new MalformedAudioError(
      `The WAV fmt chunk declares block align ${headerBlockAlign} for ${numChannels} channels of ${bitsPerSample}-bit ` +
        `samples; expected a multiple of ${numChannels} of at least ${minBytes * numChannels}. The header is corrupt.`,
    );
  }
  return {
    formatTag,
    extensible,
    numChannels,
    sampleRate,
    blockAlign,
    bitsPerSample,
    validBitsPerSample,
    channelMask,
    encoding: encodingOf(formatTag, bytesPerSample),
    bytesPerSample,
  };
}
