import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aLawToFloat, muLawToFloat } from './g711.js';
import { AUDIO_FIXTURES } from './test-support.js';
import { readWav } from './wav-read.js';

// WAV files written by sox (scripts/audio-make-fixtures.py) from the first 1024 frames of a 16-bit stereo
// source: an independent writer for every encoding the reader supports.
const wavDir = join(AUDIO_FIXTURES, 'wav');
const source = readWav(await readFile(join(AUDIO_FIXTURES, 'codecs', 'source-stereo16.wav')));
const reference = source.channelData.map((ch) => ch.subarray(0, 1024));

async function readSox(name: string): Promise<ReturnType<typeof readWav>> {
  return readWav(await readFile(join(wavDir, name)));
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('readWav on sox-written files', () => {
  it('source is 16-bit stereo PCM at 22050 Hz', () => {
    expect(source.format).toMatchObject({ encoding: 'int16', numChannels: 2, sampleRate: 22050, extensible: false });
  });

  for (const [name, encoding, extensible] of [
    ['s24.wav', 'int24', true],
    ['s32.wav', 'int32', true],
    ['f32.wav', 'float32', false],
    ['f64.wav', 'float64', false],
  ] as const) {
    it(`${name} (${encoding}) equals the 16-bit source exactly`, async () => {
      const wav = await readSox(name);
      expect(wav.format).toMatchObject({ encoding, extensible, numChannels: 2, sampleRate: 22050 });
      expect(wav.channelData).toEqual(reference);
    });
  }

  it('u8.wav is within one 8-bit step of the source', async () => {
    const wav = await readSox('u8.wav');
    expect(wav.format.encoding).toBe('uint8');
    wav.channelData.forEach((ch, c) => expect(maxAbsDiff(ch, reference[c]!)).toBeLessThanOrEqual(1 / 128));
  });

  for (const [name, encoding] of [
    ['alaw.wav', 'alaw'],
    ['mulaw.wav', 'mulaw'],
  ] as const) {
    it(`${name} decodes within the G.711 step size of the source`, async () => {
      const wav = await readSox(name);
      expect(wav.format.encoding).toBe(encoding);
      wav.channelData.forEach((ch, c) => {
        const ref = reference[c]!;
        for (let i = 0; i < ch.length; i++) {
          // Companding keeps ~4 significant bits: the error is at most 1/16 of the magnitude plus a floor.
          expect(Math.abs(ch[i]! - ref[i]!)).toBeLessThanOrEqual(Math.abs(ref[i]!) / 16 + 2 ** -10);
        }
      });
    });
  }

  it('quad16.wav (WAVE_FORMAT_EXTENSIBLE, 4 channels) deinterleaves left, right, -left, silence', async () => {
    const wav = await readSox('quad16.wav');
    expect(wav.format).toMatchObject({ extensible: true, numChannels: 4, encoding: 'int16' });
    const [l, r, minusL, silence] = wav.channelData;
    expect(l).toEqual(reference[0]);
    expect(r).toEqual(reference[1]);
    expect(maxAbsDiff(minusL!, reference[0]!.map((v) => -v))).toBeLessThanOrEqual(1 / 32768);
    expect(silence!.every((v) => v === 0)).toBe(true);
  });
});

describe('G.711 tables', () => {
  it('equal Python audioop on all 256 A-law and mu-law codes', async () => {
    const ref = JSON.parse(await readFile(join(wavDir, 'g711.json'), 'utf8')) as { alaw: number[]; mulaw: number[] };
    expect(Array.from(aLawToFloat(), (v) => v * 32768)).toEqual(ref.alaw);
    expect(Array.from(muLawToFloat(), (v) => v * 32768)).toEqual(ref.mulaw);
  });
});
