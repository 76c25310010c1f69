import { describe, expect, it } from 'vitest';
import { decodeF32, maxAbsDiff, signal, syntheticFixtures } from '../../test/features/fixtures.js';
import { stft } from './stft.js';
import { spectrogram, type SpectrogramOptions } from './spectrogram.js';
import { FeatureOptionError } from './errors.js';

const peak = (v: Float32Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('stft vs torch.stft', () => {
  for (const c of syntheticFixtures().stft) {
    it(`${c.signal} nFft ${c.n_fft} hop ${c.hop_length} win ${c.win_length} ${c.window} center ${c.center} ${c.pad_mode}`, () => {
      const out = stft(signal(c.signal), { nFft: c.n_fft, hopLength: c.hop_length, winLength: c.win_length, window: c.window, center: c.center, padMode: c.pad_mode });
      expect([out.numFrames, out.numBins]).toEqual(c.re.shape);
      const re = decodeF32(c.re.data);
      const im = decodeF32(c.im.data);
      // float32 torch vs float64 here: relative to the spectrum's peak.
      expect(maxAbsDiff(out.re, re)).toBeLessThan(2e-6 * peak(re));
      expect(maxAbsDiff(out.im, im)).toBeLessThan(2e-6 * peak(re));
    });
  }
  it('rejects a signal shorter than nFft without centring, and winLength > nFft', () => {
    expect(() => stft(new Float32Array(100), { nFft: 256, center: false })).toThrow(FeatureOptionError);
    expect(() => stft(new Float32Array(1000), { nFft: 256, winLength: 300 })).toThrow(/winLength is 300; expected an integer in 1..256/);
  });
});

describe('spectrogram vs torchaudio.transforms.Spectrogram', () => {
  for (const c of syntheticFixtures().spectrogram) {
    it(JSON.stringify(c.options), () => {
      const o = c.options;
      const options: SpectrogramOptions = {};
      if (o['n_fft'] !== undefined) options.nFft = o['n_fft'] as number;
      if (o['win_length'] !== undefined) options.winLength = o['win_length'] as number;
      if (o['hop_length'] !== undefined) options.hopLength = o['hop_length'] as number;
      if (o['power'] !== undefined) options.power = o['power'] as number;
      if (o['pad'] !== undefined) options.pad = o['pad'] as number;
      if (o['center'] !== undefined) options.center = o['center'] as boolean;
      if (o['normalized'] !== undefined) options.normalized = o['normalized'] as SpectrogramOptions['normalized'];
      const out = spectrogram(signal('short'), options);
      const expected = decodeF32(c.expected.data);
      expect([out.numFrames, out.numBins]).toEqual(c.expected.shape);
      expect(maxAbsDiff(out.data, expected)).toBeLessThan(5e-6 * peak(expected));
    });
  }
});
