import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AudioOptionError } from './errors.js';
import { readAudioFile } from './read-audio-file.js';
import { speedPerturb } from './speed-perturb.js';
import { AUDIO_FIXTURES, DATASETS, readF32 } from './test-support.js';

interface SpeedFixtures {
  speed: {
    synthetic: { factor: number; expected: string; outputLength: number }[];
    clips: { path: string; inputLength: number; inputSum: number; factors: { factor: number; outputLength: number; rms: number; probes: string; soxLength: number; soxProbes: string; soxRelRms: number }[] }[];
  };
}

const DIR = join(AUDIO_FIXTURES, 'perturb');
const fixtures = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as SpeedFixtures;
const PROBE = 37; // scripts/perturb-make-fixtures.py stores every 37th sample

function f32(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe('speedPerturb vs torchaudio 0.13 resample(x, round(factor * 16000), 16000)', () => {
  it.each(fixtures.speed.synthetic)('synthetic chirp + noise + impulse, factor $factor: every sample within 5e-7', async ({ factor, expected, outputLength }) => {
    const input = await readF32(join(AUDIO_FIXTURES, 'resample', 'in-16000.f32'));
    const want = await readF32(join(DIR, expected));
    const got = speedPerturb(input, factor, 16000);
    expect(got.length).toBe(outputLength);
    expect(outputLength).toBe(Math.ceil(input.length / factor));
    let err = 0;
    for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i]! - want[i]!));
    expect(err).toBeLessThan(5e-7);
  });

  for (const clip of fixtures.speed.clips) {
    it(`${clip.path}: decoded, perturbed at ${clip.factors.map((f) => f.factor).join(', ')}, within 1e-6 of torchaudio and 1% RMS of sox's speed`, async () => {
      const wave = (await readAudioFile(join(DATASETS, clip.path), { sampleRate: 16000, mono: true })).channelData[0]!;
      expect(wave.length, 'the decoder changed: regenerate the fixtures (scripts/perturb-make-fixtures.py)').toBe(clip.inputLength);
      for (const f of clip.factors) {
        const got = speedPerturb(wave, f.factor, 16000);
        expect(got.length).toBe(f.outputLength);
        const probes = f32(f.probes);
        let err = 0;
        for (let i = 0; i < probes.length; i++) err = Math.max(err, Math.abs(got[i * PROBE]! - probes[i]!));
        expect(err, `factor ${f.factor}`).toBeLessThan(1e-6);
        // sox's own filter: the same signal up to its band edge (length within one sample, RMS gap ~0.03-0.6%).
        expect(Math.abs(got.length - f.soxLength)).toBeLessThanOrEqual(1);
        const sox = f32(f.soxProbes);
        let gap = 0;
        let energy = 0;
        for (let i = 0; i < sox.length - 1; i++) {
          gap += (got[i * PROBE]! - sox[i]!) ** 2;
          energy += sox[i]! ** 2;
        }
        expect(Math.sqrt(gap / energy), `factor ${f.factor} vs sox`).toBeLessThan(0.01);
      }
    });
  }

  it('factor 1 is a copy; a factor outside [0.5, 2] or not a number throws AudioOptionError', () => {
    const x = Float32Array.from([0.1, -0.2, 0.3]);
    const y = speedPerturb(x, 1, 16000);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
    for (const bad of [0, 0.4, 2.5, Number.NaN, -1]) expect(() => speedPerturb(x, bad, 16000)).toThrow(AudioOptionError);
  });

  it('slower clips are longer and lower: a 1 kHz tone at 0.9 becomes 1/0.9 as long at 900 Hz', () => {
    const n = 16000;
    const tone = Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000));
    const slow = speedPerturb(tone, 0.9, 16000);
    expect(slow.length).toBe(Math.ceil(n / 0.9));
    // Zero crossings in the middle second count the frequency.
    let crossings = 0;
    for (let i = 2000; i < 2000 + 16000 - 1 && i + 1 < slow.length - 2000; i++) if (slow[i]! <= 0 && slow[i + 1]! > 0) crossings++;
    const seconds = (slow.length - 4000 - 1) / 16000;
    expect(crossings / seconds).toBeCloseTo(900, -1);
  });
});
