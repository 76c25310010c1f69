import { describe, expect, it } from 'vitest';
import { decodeF32, maxAbsDiff, signal, syntheticFixtures } from '../../test/features/fixtures.js';
import { astFbank } from './ast-fbank.js';
import { InvalidSampleRateError } from '../audio/errors.js';
import { EmptyWaveformError } from './errors.js';

describe('astFbank', () => {
  it('is kaldi.fbank with the AST options (128 bins, hanning, htk_compat, no energy) after mean removal', () => {
    const c = syntheticFixtures().kaldiFbank.find((k) => k.name === 'ast-speech')!;
    // Adding a constant changes nothing: the clip mean is removed (and each frame's DC offset too).
    const x = signal('speech').map((v) => v + 0.25);
    const out = astFbank(x, 16000);
    expect([out.numFrames, out.numBins]).toEqual(c.expected.shape);
    expect(out.numBins).toBe(128);
    expect(maxAbsDiff(out.data, decodeF32(c.expected.data))).toBeLessThan(1e-4);
  });
  it('gives 98 frames for one second at 16 kHz', () => {
    expect(astFbank(new Float32Array(16000).map((_, i) => Math.sin(i / 7)), 16000).numFrames).toBe(98);
  });
  it('rejects bad sample rates and empty audio', () => {
    expect(() => astFbank(signal('speech'), 0)).toThrow(InvalidSampleRateError);
    expect(() => astFbank(signal('speech'), 16000.5)).toThrow(InvalidSampleRateError);
    expect(() => astFbank(new Float32Array(0), 16000)).toThrow(EmptyWaveformError);
  });
});
