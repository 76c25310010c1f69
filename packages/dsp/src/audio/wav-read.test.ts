import { describe, expect, it } from 'vitest';
import {
  EmptyAudioError,
  InvalidChannelCountError,
  InvalidSampleRateError,
  InvalidSamplesError,
  MalformedAudioError,
  TruncatedAudioError,
  UnsupportedAudioFormatError,
} from './errors.js';
import { ascii, chunk, concatBytes, fmtExtensiblePayload, fmtPayload, le, riffWave } from './test-support.js';
import { readWav } from './wav-read.js';
import { encodeWav, type WavEncoding } from './wav-write.js';

const RATE = 16000;

/** 16-bit mono PCM data payload of the given integer samples. */
function pcm16(...samples: number[]): Uint8Array {
  return le(...samples.map((s): [number, number] => [s & 0xffff, 2]));
}

function monoPcm16Wav(samples: number[], extra: { before?: Uint8Array[]; after?: Uint8Array[] } = {}): Uint8Array {
  return riffWave([
    ...(extra.before ?? []),
    chunk('fmt ', fmtPayload(1, 1, RATE, 16)),
    chunk('data', pcm16(...samples)),
    ...(extra.after ?? []),
  ]);
}

describe('readWav: sample encodings from hand-built bytes', () => {
  it('PCM 8-bit is unsigned with 128 as zero', () => {
    const wav = riffWave([chunk('fmt ', fmtPayload(1, 1, RATE, 8)), chunk('data', Uint8Array.from([0, 128, 255, 64]))]);
    const { channelData, format } = readWav(wav);
    expect(format.encoding).toBe('uint8');
    expect(Array.from(channelData[0]!)).toEqual([-1, 0, 127 / 128, -0.5]);
  });

  it('PCM 16-bit is divided by 32768', () => {
    const { channelData } = readWav(monoPcm16Wav([-32768, 0, 32767, 16384, -1]));
    expect(Array.from(channelData[0]!)).toEqual([-1, 0, 32767 / 32768, 0.5, -1 / 32768]);
  });

  it('PCM 24-bit is sign-extended and divided by 2^23', () => {
    const data = Uint8Array.from([0x00, 0x00, 0x80, 0xff, 0xff, 0x7f, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff]);
    const wav = riffWave([chunk('fmt ', fmtPayload(1, 1, RATE, 24)), chunk('data', data)]);
    expect(Array.from(readWav(wav).channelData[0]!)).toEqual([-1, Math.fround(8388607 / 8388608), 1 / 8388608, -1 / 8388608]);
  });

  it('PCM 32-bit is divided by 2^31', () => {
    const data = le([0x80000000, 4], [0x40000000, 4], [0xffffffff, 4]);
    const wav = riffWave([chunk('fmt ', fmtPayload(1, 1, RATE, 32)), chunk('data', data)]);
    expect(Array.from(readWav(wav).channelData[0]!)).toEqual([-1, 0.5, -(2 ** -31)]);
  });

  it('IEEE float 32 and 64 are read as stored', () => {
    const f32 = new Uint8Array(new Float32Array([0.25, -1.5, 1e-8]).buffer);
    const f64 = new Uint8Array(new Float64Array([0.1, -2, 3e-9]).buffer);
    const a = readWav(riffWave([chunk('fmt ', fmtPayload(3, 1, RATE, 32)), chunk('data', f32)]));
    const b = readWav(riffWave([chunk('fmt ', fmtPayload(3, 1, RATE, 64)), chunk('data', f64)]));
    expect(Array.from(a.channelData[0]!)).toEqual([0.25, -1.5, Math.fround(1e-8)]);
    expect(Array.from(b.channelData[0]!)).toEqual([Math.fround(0.1), -2, Math.fround(3e-9)]);
  });

  it('deinterleaves multichannel frames', () => {
    const frames = [
      [1, 2, 3, 4, 5, 6],
      [-1, -2, -3, -4, -5, -6],
    ];
    const wav = riffWave([chunk('fmt ', fmtPayload(1, 6, 48000, 16)), chunk('data', pcm16(...frames.flat()))]);
    const { channelData, sampleRate } = readWav(wav);
    expect(sampleRate).toBe(48000);
    expect(channelData).toHaveLength(6);
    channelData.forEach((ch, c) => expect(Array.from(ch)).toEqual([(c + 1) / 32768, -(c + 1) / 32768]));
  });
});

describe('readWav: WAVE_FORMAT_EXTENSIBLE', () => {
  it('resolves the PCM and float sub-format GUIDs', () => {
    const pcm = readWav(riffWave([chunk('fmt ', fmtExtensiblePayload(1, 2, RATE, 16, 16)), chunk('data', pcm16(100, -100))]));
    expect(pcm.format).toMatchObject({ extensible: true, formatTag: 1, channelMask: 3, encoding: 'int16' });
    expect(Array.from(pcm.channelData[1]!)).toEqual([-100 / 32768]);
    const float = new Uint8Array(new Float32Array([0.5]).buffer);
    const f = readWav(riffWave([chunk('fmt ', fmtExtensiblePayload(3, 1, RATE, 32, 32)), chunk('data', float)]));
    expect(f.format.encoding).toBe('float32');
    expect(Array.from(f.channelData[0]!)).toEqual([0.5]);
  });

  it('reads 24 valid bits left-justified in a 32-bit container', () => {
    const data = le([(-8388608 * 256) >>> 0, 4], [(12345 * 256) >>> 0, 4]);
    const wav = riffWave([chunk('fmt ', fmtExtensiblePayload(1, 1, RATE, 32, 24)), chunk('data', data)]);
    const { channelData, format } = readWav(wav);
    expect(format.validBitsPerSample).toBe(24);
    expect(Array.from(channelData[0]!)).toEqual([-1, 12345 / 8388608]);
  });

  it('rejects an unknown sub-format GUID and a short extensible fmt chunk', () => {
    const ambisonic = fmtExtensiblePayload(1, 4, RATE, 16, 16, [0, 0, 0x21, 0x07, 0xd3, 0x11, 0x86, 0x44, 0xc8, 0xc1, 0xca, 0]);
    expect(() => readWav(riffWave([chunk('fmt ', ambisonic), chunk('data', pcm16(0, 0, 0, 0))]))).toThrow(
      UnsupportedAudioFormatError,
    );
    const short = fmtPayload(0xfffe, 1, RATE, 16);
    expect(() => readWav(riffWave([chunk('fmt ', short), chunk('data', pcm16(0))]))).toThrow(/needs 40/);
  });
});

describe('readWav: round trips through encodeWav', () => {
  const values = [0, 0.5, -0.5, 0.25, -1, 127 / 128, -0.125];
  const encodings: WavEncoding[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64'];
  for (const encoding of encodings) {
    for (const channels of [1, 2, 5]) {
      it(`${encoding}, ${channels} channel(s) exactly`, () => {
        const data = Array.from({ length: channels }, (_, c) => Float32Array.from(values, (_, i) => values[(i + c) % values.length]!));
        const decoded = readWav(encodeWav(data, 22050, { encoding }));
        expect(decoded.sampleRate).toBe(22050);
        expect(decoded.format.extensible).toBe(channels > 2);
        expect(decoded.channelData).toEqual(data);
      });
    }
  }

  it('pcm16 quantises to within half a step and clamps out-of-range samples', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.1) * 0.9);
    const y = readWav(encodeWav([x], RATE)).channelData[0]!;
    for (let i = 0; i < x.length; i++) expect(Math.abs(y[i]! - x[i]!)).toBeLessThanOrEqual(0.5 / 32768 + 1e-9);
    const clipped = readWav(encodeWav([new Float32Array([2, -2])], RATE)).channelData[0]!;
    expect(Array.from(clipped)).toEqual([32767 / 32768, -1]);
  });
});

describe('readWav: chunk layouts', () => {
  const samples = [1000, -2000, 3000];
  const expected = samples.map((s) => s / 32768);
  const list = chunk('LIST', concatBytes(ascii('INFOICMT'), le([5, 4]), ascii('hello')));

  it('skips LIST, JUNK, fact and other chunks before and after fmt and data', () => {
    const wav = monoPcm16Wav(samples, {
      before: [chunk('JUNK', new Uint8Array(28)), list],
      after: [chunk('id3 ', ascii('TAG...'))],
    });
    expect(Array.from(readWav(wav).channelData[0]!)).toEqual(expected);
    const withFact = riffWave([chunk('fmt ', fmtPayload(1, 1, RATE, 16)), chunk('fact', le([3, 4])), list, chunk('data', pcm16(...samples))]);
    expect(Array.from(readWav(withFact).channelData[0]!)).toEqual(expected);
  });

  it('honours the pad byte after odd-sized chunks and tolerates writers that omit it', () => {
    const odd = chunk('note', ascii('odd'));
    expect(odd.length).toBe(12);
    expect(Array.from(readWav(monoPcm16Wav(samples, { before: [odd] })).channelData[0]!)).toEqual(expected);
    const unpadded = chunk('note', ascii('odd'), { pad: false });
    expect(Array.from(readWav(monoPcm16Wav(samples, { before: [unpadded] })).channelData[0]!)).toEqual(expected);
  });

  it('accepts fmt after data', () => {
    const wav = riffWave([chunk('data', pcm16(...samples)), chunk('fmt ', fmtPayload(1, 1, RATE, 16))]);
    expect(Array.from(readWav(wav).channelData[0]!)).toEqual(expected);
  });

  it('reads to the end of the file for streaming headers (data size 0xFFFFFFFF or 0)', () => {
    for (const declaredSize of [0xffffffff, 0]) {
      const wav = riffWave([chunk('fmt ', fmtPayload(1, 1, RATE, 16)), chunk('data', pcm16(...samples), { declaredSize })]);
      const decoded = readWav(wav);
      expect(Array.from(decoded.channelData[0]!)).toEqual(expected);
      expect(decoded.truncated).toBe(false);
    }
  });

  it('reads a data chunk of size 0 followed by another chunk as zero frames', () => {
    const wav = riffWave([chunk('fmt ', fmtPayload(1, 1, RATE, 16)), chunk('data', new Uint8Array(0)), list]);
    const decoded = readWav(wav);
    expect(decoded.channelData).toHaveLength(1);
    expect(decoded.channelData[0]!.length).toBe(0);
  });

  it('reads RF64 files whose data size lives in the ds64 chunk', () => {
    const data = pcm16(...samples);
    const ds64 = chunk('ds64', le([0, 8], [data.length, 8], [samples.length, 8], [0, 4]));
    const wav = riffWave([ds64, chunk('fmt ', fmtPayload(1, 1, RATE, 16)), chunk('data', data, { declaredSize: 0xffffffff }), list], 'RF64');
    expect(Array.from(readWav(wav).channelData[0]!)).toEqual(expected);
  });

  it('drops a trailing partial frame', () => {
    const wav = riffWave([chunk('fmt ', fmtPayload(1, 2, RATE, 16)), chunk('data', pcm16(1, 2, 3))]);
    expect(readWav(wav).channelData.map((ch) => ch.length)).toEqual([1, 1]);
  });

  it('accepts ArrayBuffer input and byte views at any offset', () => {
    const wav = monoPcm16Wav(samples);
    expect(Array.from(readWav(wav.slice().buffer).channelData[0]!)).toEqual(expected);
    const shifted = new Uint8Array(wav.length + 3);
    shifted.set(wav, 3);
    expect(Array.from(readWav(shifted.subarray(3)).channelData[0]!)).toEqual(expected);
  });
});

describe('readWav: truncated and lying headers', () => {
  const full = monoPcm16Wav([1, 2, 3, 4, 5, 6]);

  it('returns the whole frames present with truncated: true when data is cut short', () => {
    const cut = full.subarray(0, full.length - 5);
    const decoded = readWav(cut);
    expect(decoded.truncated).toBe(true);
    expect(Array.from(decoded.channelData[0]!)).toEqual([1, 2, 3].map((s) => s / 32768));
    expect(readWav(full).truncated).toBe(false);
  });

  it('throws TruncatedAudioError in strict mode', () => {
    expect(() => readWav(full.subarray(0, full.length - 4), { strict: true })).toThrow(TruncatedAudioError);
    expect(() => readWav(full.subarray(0, full.length - 4), { strict: true })).toThrow(/declares 6 frames but the file holds only 4/);
  });

  it('throws MalformedAudioError when the file ends before fmt or data, or fmt is short', () => {
    expect(() => readWav(full.subarray(0, 8))).toThrow(MalformedAudioError);
    expect(() => readWav(full.subarray(0, 12))).toThrow(/no fmt chunk/);
    expect(() => readWav(full.subarray(0, 30))).toThrow(/fmt chunk declares 16 bytes but only/);
    expect(() => readWav(full.subarray(0, 36))).toThrow(/no data chunk/);
    expect(() => readWav(riffWave([chunk('fmt ', new Uint8Array(14)), chunk('data', pcm16(1))]))).toThrow(/at least 16/);
  });

  it('rejects inconsistent block alignment and zero bits per sample', () => {
    const badAlign = riffWave([chunk('fmt ', fmtPayload(1, 2, RATE, 16, 3)), chunk('data', pcm16(1, 2))]);
    expect(() => readWav(badAlign)).toThrow(/block align 3/);
    const zeroBits = riffWave([chunk('fmt ', fmtPayload(1, 1, RATE, 0, 2)), chunk('data', pcm16(1))]);
    expect(() => readWav(zeroBits)).toThrow(/0 bits per sample/);
  });
});

describe('readWav: bad input', () => {
  it('throws EmptyAudioError for 0 bytes', () => {
    expect(() => readWav(new Uint8Array(0))).toThrow(EmptyAudioError);
  });

  it('throws typed errors for 0 channels, sample rate 0 and absurd rates', () => {
    const wav = (channels: number, rate: number): Uint8Array =>
      riffWave([chunk('fmt ', fmtPayload(1, channels, rate, 16, 2)), chunk('data', pcm16(1))]);
    expect(() => readWav(wav(0, RATE))).toThrow(InvalidChannelCountError);
    expect(() => readWav(wav(1, 0))).toThrow(InvalidSampleRateError);
    expect(() => readWav(wav(1, 2_000_000))).toThrow(InvalidSampleRateError);
    expect(() => readWav(wav(1, 2_000_000))).toThrow(/sample rate 2000000/);
  });

  it('names compressed and unknown formats as unsupported', () => {
    const mp3InWav = riffWave([chunk('fmt ', fmtPayload(0x55, 1, RATE, 0, 1)), chunk('data', new Uint8Array(4))]);
    expect(() => readWav(mp3InWav)).toThrow(UnsupportedAudioFormatError);
    expect(() => readWav(mp3InWav)).toThrow(/0x0055 \(MPEG Layer 3 \(MP3\)\)/);
    const adpcm = riffWave([chunk('fmt ', fmtPayload(0x11, 1, RATE, 4, 256)), chunk('data', new Uint8Array(256))]);
    expect(() => readWav(adpcm)).toThrow(/IMA ADPCM/);
    const fiveBytes = riffWave([chunk('fmt ', fmtPayload(1, 1, RATE, 40)), chunk('data', new Uint8Array(5))]);
    expect(() => readWav(fiveBytes)).toThrow(/5-byte samples/);
    const halfFloat = riffWave([chunk('fmt ', fmtPayload(3, 1, RATE, 16)), chunk('data', new Uint8Array(2))]);
    expect(() => readWav(halfFloat)).toThrow(UnsupportedAudioFormatError);
  });

  it('rejects big-endian RIFX and non-WAVE RIFF files', () => {
    const rifx = monoPcm16Wav([1]);
    rifx.set(ascii('RIFX'), 0);
    expect(() => readWav(rifx)).toThrow(/big-endian/);
    const avi = monoPcm16Wav([1]);
    avi.set(ascii('AVI '), 8);
    expect(() => readWav(avi)).toThrow(/type 'AVI '/);
  });

  it('throws InvalidSamplesError for NaN or Infinity in float WAV unless allowNonFinite', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const data = new Uint8Array(new Float32Array([0, 0.5, 0, bad]).buffer);
      const wav = riffWave([chunk('fmt ', fmtPayload(3, 2, RATE, 32)), chunk('data', data)]);
      expect(() => readWav(wav)).toThrow(InvalidSamplesError);
      expect(() => readWav(wav)).toThrow(/Sample 1 of channel 1 is/);
      expect(readWav(wav, { allowNonFinite: true }).channelData[1]![1]).toBe(bad);
    }
  });
});
