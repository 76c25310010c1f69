import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudio } from './decode-audio.js';
import { AudioOptionError, InvalidSampleRateError } from './errors.js';
import { resample, type ResampleOptions } from './resample.js';
import { AUDIO_FIXTURES, DATASETS, readF32 } from './test-support.js';

interface ResampleCase {
  name: string;
  origFreq: number;
  newFreq: number;
  options: ResampleOptions;
  input: string;
  expected: string;
  inputLength: number;
  outputLength: number;
}
interface Manifest {
  cases: ResampleCase[];
  realClip: {
    clip: string;
    origFreq: number;
    newFreq: number;
    inputLength: number;
    outputLength: number;
    probeStride: number;
    probes: string;
    rms: number;
  };
}

const dir = join(AUDIO_FIXTURES, 'resample');
const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

// Measured against torchaudio 0.13 (float32 kernel and conv1d): max abs error 4.8e-7 over all cases (2.9e-8 on
// the real clip), i.e. a few float32 ulps of the output; the bound leaves room for rounding only.
const PARITY_BOUND = 1e-6;

describe('resample matches torchaudio.functional.resample', () => {
  for (const c of manifest.cases) {
    it(`${c.name}`, async () => {
      const input = await readF32(join(dir, c.input));
      const expected = await readF32(join(dir, c.expected));
      expect(input.length).toBe(c.inputLength);
      const out = resample(input, c.origFreq, c.newFreq, c.options);
      expect(out.length).toBe(c.outputLength);
      const err = maxAbsDiff(out, expected);
      console.log(`resample parity ${c.name}: max abs error ${err.toExponential(2)}`);
      expect(err).toBeLessThanOrEqual(PARITY_BOUND);
    });
  }

  it('on a real clip decoded from Opus (probes every 5th sample, RMS)', async () => {
    const real = manifest.realClip;
    const decoded = await decodeAudio(await readFile(join(DATASETS, real.clip)));
    expect(decoded.channelData[0]!.length).toBe(real.inputLength);
    const out = resample(decoded.channelData[0]!, real.origFreq, real.newFreq);
    expect(out.length).toBe(real.outputLength);
    const probes = await readF32(join(dir, real.probes));
    const picked = probes.map((_, i) => out[i * real.probeStride]!);
    const err = maxAbsDiff(picked, probes);
    console.log(`resample parity real clip: max abs error ${err.toExponential(2)}`);
    expect(err).toBeLessThanOrEqual(PARITY_BOUND);
    let sum = 0;
    for (const v of out) sum += v * v;
    expect(Math.sqrt(sum / out.length)).toBeCloseTo(real.rms, 6);
  });
});

describe('resample', () => {
  it('returns ceil(new * length / orig) samples, including for tiny and empty inputs', () => {
    for (const length of [0, 1, 2, 3, 7, 160]) {
      expect(resample(new Float32Array(length), 44100, 16000).length).toBe(Math.ceil((16000 * length) / 44100));
      expect(resample(new Float32Array(length), 8000, 22050).length).toBe(Math.ceil((22050 * length) / 8000));
    }
  });

  it('returns a copy at equal rates', () => {
    const x = new Float32Array([1, 2, 3]);
    const y = resample(x, 16000, 16000);
    expect(Array.from(y)).toEqual([1, 2, 3]);
    y[0] = 9;
    expect(x[0]).toBe(1);
  });

  it('keeps a low tone and removes one above the new Nyquist frequency', () => {
    const rate = 48000;
    const tone = (f: number): Float32Array => Float32Array.from({ length: rate }, (_, i) => Math.sin((2 * Math.PI * f * i) / rate));
    const rms = (x: Float32Array): number => Math.sqrt(x.subarray(1000, -1000).reduce((s, v) => s + v * v, 0) / (x.length - 2000));
    expect(rms(resample(tone(1000), rate, 16000))).toBeCloseTo(Math.SQRT1_2, 2);
    expect(rms(resample(tone(12000), rate, 16000))).toBeLessThan(2e-3);
  });

  it('maps quality presets to filter widths and lets explicit options win', () => {
    const x = Float32Array.from({ length: 4800 }, (_, i) => Math.sin(i * 0.37) + Math.cos(i * 1.9));
    const fast = resample(x, 48000, 16000, { quality: 'fast' });
    expect(fast).toEqual(resample(x, 48000, 16000, { lowpassFilterWidth: 3 }));
    expect(resample(x, 48000, 16000, { quality: 'best' })).toEqual(resample(x, 48000, 16000, { lowpassFilterWidth: 16 }));
    expect(resample(x, 48000, 16000, { quality: 'fast', lowpassFilterWidth: 6 })).toEqual(resample(x, 48000, 16000));
    expect(maxAbsDiff(fast, resample(x, 48000, 16000))).toBeGreaterThan(1e-4);
  });

  it('rejects bad rates and options with typed errors', () => {
    const x = new Float32Array(10);
    expect(() => resample(x, 0, 16000)).toThrow(InvalidSampleRateError);
    expect(() => resample(x, 44100, 22050.5)).toThrow(InvalidSampleRateError);
    expect(() => resample(x, 44100, 2e6)).toThrow(InvalidSampleRateError);
    expect(() => resample(x, 44100, 16000, { lowpassFilterWidth: 0 })).toThrow(AudioOptionError);
    expect(() => resample(x, 44100, 16000, { rolloff: 0 })).toThrow(AudioOptionError);
    expect(() => resample(x, 44100, 16000, { rolloff: 1.5 })).toThrow(AudioOptionError);
    expect(() => resample(x, 44100, 16000, { beta: -1, resamplingMethod: 'sinc_interp_kaiser' })).toThrow(AudioOptionError);
    expect(() => resample(x, 44100, 16000, { resamplingMethod: 'linear' as never })).toThrow(/sinc_interp_hann/);
    expect(() => resample(x, 44100, 16000, { quality: 'ultra' as never })).toThrow(AudioOptionError);
  });
});
