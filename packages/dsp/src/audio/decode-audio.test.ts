import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudio } from './decode-audio.js';
import type { DecodedAudio } from './decoded-audio.js';
import { EmptyAudioError, InvalidSamplesError, MalformedAudioError, TruncatedAudioError } from './errors.js';
import { AUDIO_FIXTURES, DATASETS, readF32 } from './test-support.js';
import { pageCrc } from './ogg.js';
import { readWav } from './wav-read.js';
import { encodeWav } from './wav-write.js';

const codecs = join(AUDIO_FIXTURES, 'codecs');
const fixture = (name: string): Promise<Buffer> => readFile(join(codecs, name));
const stereoSource = readWav(await fixture('source-stereo16.wav'));
const mono24Source = readWav(await fixture('source-mono24.wav'));

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

/** SNR in dB of `decoded` against `reference` (same length). */
function snrDb(decoded: Float32Array, reference: Float32Array): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i]! ** 2;
    noise += (decoded[i]! - reference[i]!) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

interface OpusClip {
  clip: string;
  sampleRate: number;
  channels: number;
  length: number;
  rms: number;
  maxAbs: number;
  probeStride: number;
  probes: string;
}

describe('decodeAudio: Ogg Opus against opusdec --float --rate 48000', async () => {
  const opusDir = join(AUDIO_FIXTURES, 'opus');
  const { clips } = JSON.parse(await readFile(join(opusDir, 'manifest.json'), 'utf8')) as { clips: OpusClip[] };
  // Measured: max abs difference 8.2e-8 over the probes of all six clips (RAVDESS <= 3.9e-10, FSDD <= 8.2e-8:
  // libopus in wasm vs native opusdec, float rounding only, about one float32 ulp at the clips' peaks).
  const PROBE_BOUND = 2e-7;
  for (const ref of clips) {
    it(ref.clip, async () => {
      const decoded = await decodeAudio(await readFile(join(DATASETS, ref.clip)));
      expect(decoded.sampleRate).toBe(ref.sampleRate);
      expect(decoded.channelData).toHaveLength(ref.channels);
      const x = decoded.channelData[0]!;
      expect(x.length).toBe(ref.length);
      expect(decoded.truncated).toBeUndefined();
      const probes = await readF32(join(opusDir, ref.probes));
      let err = 0;
      probes.forEach((p, i) => (err = Math.max(err, Math.abs(x[i * ref.probeStride]! - p))));
      console.log(`opus vs opusdec ${ref.clip}: max abs probe error ${err.toExponential(2)}`);
      expect(err).toBeLessThanOrEqual(PROBE_BOUND);
      expect(rms(x)).toBeCloseTo(ref.rms, 7);
      expect(x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeCloseTo(ref.maxAbs, 6);
    });
  }

  it('flags an Opus file cut between pages as truncated, and throws with strict', async () => {
    const bytes = new Uint8Array(await readFile(join(DATASETS, clips[0]!.clip)));
    const full = await decodeAudio(bytes);
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.7));
    const partial = await decodeAudio(cut);
    expect(partial.truncated).toBe(true);
    const n = partial.channelData[0]!.length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(full.channelData[0]!.length);
    expect(partial.channelData[0]).toEqual(full.channelData[0]!.subarray(0, n));
    await expect(decodeAudio(cut, { strict: true })).rejects.toThrow(TruncatedAudioError);
  });

  it('rejects a corrupted Opus page by its checksum; ignoreDecodeErrors decodes anyway', async () => {
    const bytes = new Uint8Array(await readFile(join(DATASETS, clips[0]!.clip)));
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 100]! ^= 0x5a;
    await expect(decodeAudio(corrupt)).rejects.toThrow(/checksum fails/);
    const salvaged = await decodeAudio(corrupt, { ignoreDecodeErrors: true });
    expect(salvaged.channelData[0]!.length).toBeGreaterThan(0);
  });
});

describe('decodeAudio: FLAC', () => {
  it('16-bit stereo decodes bit-exactly to its source WAV', async () => {
    const decoded = await decodeAudio(await fixture('stereo16.flac'));
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.channelData).toEqual(stereoSource.channelData);
  });

  it('24-bit mono decodes bit-exactly, native and in Ogg', async () => {
    for (const name of ['mono24.flac', 'mono24.oga']) {
      const decoded = await decodeAudio(await fixture(name));
      expect(decoded.sampleRate).toBe(48000);
      expect(decoded.channelData).toEqual(mono24Source.channelData);
    }
  });

  it('flags a file shorter than its STREAMINFO as truncated, and throws with strict', async () => {
    const bytes = new Uint8Array(await fixture('stereo16.flac'));
    const cut = bytes.subarray(0, bytes.length - 10);
    const partial = await decodeAudio(cut);
    expect(partial.truncated).toBe(true);
    expect(partial.channelData[0]!.length).toBe(4096); // one whole 4096-sample block survives
    expect(partial.channelData[0]).toEqual(stereoSource.channelData[0]!.subarray(0, 4096));
    await expect(decodeAudio(cut, { strict: true })).rejects.toThrow(/STREAMINFO declares 6615 frames, 4096 decoded/);
  });

  it('throws MalformedAudioError when no frame survives', async () => {
    const bytes = new Uint8Array(await fixture('stereo16.flac'));
    await expect(decodeAudio(bytes.subarray(0, 200))).rejects.toThrow(MalformedAudioError);
    await expect(decodeAudio(bytes.subarray(0, 200))).rejects.toThrow(/decoded to no audio/);
  });
});

describe('decodeAudio: lossy codecs against the source', () => {
  // Lossy codecs cannot match samples; they must keep rate, channels, length and most of the signal.
  const cases: [string, number, number][] = [
    // name, channels, minimum SNR in dB (measured: Vorbis q3 28.1 / 24.8 dB; MP3 64 kb/s 19.6 / 15.0 dB)
    ['stereo.ogg', 2, 20],
    ['stereo.mp3', 2, 12],
  ];
  for (const [name, channels, minSnr] of cases) {
    it(`${name} keeps rate, channels, exact length and the waveform`, async () => {
      const decoded = await decodeAudio(await fixture(name));
      expect(decoded.sampleRate).toBe(22050);
      expect(decoded.channelData).toHaveLength(channels);
      expect(decoded.channelData[0]!.length).toBe(stereoSource.channelData[0]!.length);
      decoded.channelData.forEach((ch, c) => {
        const snr = snrDb(ch, stereoSource.channelData[c]!);
        console.log(`${name} channel ${c}: SNR ${snr.toFixed(1)} dB`);
        expect(snr).toBeGreaterThan(minSnr);
      });
    });
  }

  it('mono MP3 behind an ID3v2 tag decodes to one channel close to the mean of the source', async () => {
    const decoded = await decodeAudio(await fixture('mono-id3.mp3'));
    expect(decoded.channelData).toHaveLength(1);
    expect(decoded.channelData[0]!.length).toBe(stereoSource.channelData[0]!.length);
    const [l, r] = stereoSource.channelData;
    const mean = l!.map((v, i) => (v + r![i]!) / 2);
    expect(snrDb(decoded.channelData[0]!, mean)).toBeGreaterThan(12);
  });

  it('an Ogg Vorbis file cut before its first audio page is malformed, not empty', async () => {
    const bytes = new Uint8Array(await fixture('stereo.ogg'));
    // Pages: identification header, comment + setup headers, then one page of audio. Keep the headers only.
    const headersOnly = bytes.subarray(0, bytes.length - 300);
    await expect(decodeAudio(headersOnly)).rejects.toThrow(/decoded to no audio/);
    await expect(decodeAudio(headersOnly, { strict: true })).rejects.toThrow(TruncatedAudioError);
  });
});

describe('decodeAudio: WAV and bad input', () => {
  it('reads WAV natively and passes the truncated flag through', async () => {
    const wav = encodeWav([new Float32Array([0.5, -0.5, 0.25])], 8000, { encoding: 'float32' });
    const full: DecodedAudio = await decodeAudio(wav.buffer as ArrayBuffer);
    expect(full).toEqual({ sampleRate: 8000, channelData: [new Float32Array([0.5, -0.5, 0.25])] });
    const cut = await decodeAudio(wav.subarray(0, wav.length - 4));
    expect(cut).toEqual({ sampleRate: 8000, channelData: [new Float32Array([0.5, -0.5])], truncated: true });
  });

  it('throws EmptyAudioError for empty bytes', async () => {
    await expect(decodeAudio(new Uint8Array(0))).rejects.toThrow(EmptyAudioError);
    await expect(decodeAudio(new ArrayBuffer(0))).rejects.toThrow(EmptyAudioError);
  });

  it('passes WAV options through (allowNonFinite, strict)', async () => {
    const wav = encodeWav([new Float32Array([0, NaN])], 8000, { encoding: 'float32' });
    await expect(decodeAudio(wav)).rejects.toThrow(InvalidSamplesError);
    expect((await decodeAudio(wav, { allowNonFinite: true })).channelData[0]![1]).toBeNaN();
    await expect(decodeAudio(wav.subarray(0, wav.length - 4), { strict: true })).rejects.toThrow(TruncatedAudioError);
  });
});

describe('decodeAudio: damaged files the wasm decoders choke on (found by tooling/fuzz)', () => {
  it('an Ogg FLAC stream cut inside its headers is a MalformedAudioError, not a TypeError of the decoder glue', async () => {
    const cut = new Uint8Array(await fixture('mono24.oga')).subarray(0, 63);
    await expect(decodeAudio(cut)).rejects.toThrow(MalformedAudioError);
  });

  it('an OpusHead claiming 255 channels (family 0) is a MalformedAudioError naming the codec', async () => {
    const bytes = new Uint8Array(await readFile(join(DATASETS, 'fsdd', 'recordings', '5_george_0.opus')));
    const head = 27 + bytes[26]!;
    bytes[head + 9] = 255;
    // Keep the first page's checksum valid, so the bad field reaches the decoder instead of failing the CRC check.
    const end = head + bytes[27]!;
    new DataView(bytes.buffer).setUint32(22, pageCrc(bytes, 0, end), true);
    await expect(decodeAudio(bytes)).rejects.toThrow(/Ogg Opus decoder cannot read this file/);
  });
});
