import { describe, expect, it } from 'vitest';
import { SeededRng } from '@spectromix/tensor';
import { decodeF32, maxAbsDiff, signal, syntheticFixtures } from '../../test/features/fixtures.js';
import { kaldiFbank } from './kaldi-fbank.js';
import type { KaldiFbankOptions } from './kaldi-options.js';
import { EmptyWaveformError, FeatureOptionError, NonFiniteWaveformError } from './errors.js';
import { InvalidSampleRateError } from '../audio/errors.js';
import { FLOAT32_EPSILON } from './log-scale.js';

const logOf = (v: Float32Array): Float32Array => v.map((x) => Math.log(Math.max(x, FLOAT32_EPSILON)));

describe('kaldiFbank parity with torchaudio.compliance.kaldi.fbank (float32)', () => {
  for (const c of syntheticFixtures().kaldiFbank) {
    it(`${c.name} (${c.signal}, ${JSON.stringify(c.options)})`, () => {
      const out = kaldiFbank(signal(c.signal), c.options as KaldiFbankOptions);
      const expected = decodeF32(c.expected.data);
      const [frames = 0, bins = 0] = c.expected.shape;
      expect(out.numFrames).toBe(frames);
      if (frames > 0) expect(out.numBins).toBe(bins);
      const linear = c.options['useLogFbank'] === false;
      const err = linear ? maxAbsDiff(logOf(out.data), logOf(expected)) : maxAbsDiff(out.data, expected);
      // torch's float32 FFT round-off cannot be reproduced bit for bit: allow twice its size on this case
      // (|torch float32 - torch float64|, stored by the fixture script), and never less than 1e-4.
      expect(err).toBeLessThanOrEqual(Math.max(1e-4, 2 * c.torchRoundoff));
    });
  }
});

describe('kaldiFbank behaviour', () => {
  const speech = (): Float32Array => signal('speech');

  it('gives zero frames for audio shorter than one frame with snipEdges (Kaldi; torchaudio asserts instead)', () => {
    const out = kaldiFbank(speech().subarray(0, 399), { numMelBins: 40 });
    expect(out).toEqual({ data: new Float32Array(0), numFrames: 0, numBins: 40 });
  });

  it('reflects short audio into round(n / shift) frames without snipEdges', () => {
    const out = kaldiFbank(speech().subarray(0, 250), { snipEdges: false, numMelBins: 10 });
    expect(out.numFrames).toBe(2);
    expect(out.data.every(Number.isFinite)).toBe(true);
    expect(kaldiFbank(speech().subarray(0, 50), { snipEdges: false }).numFrames).toBe(0);
  });

  it('dithers reproducibly from a SeededRng, with noise of the requested size', () => {
    const silence = new Float32Array(4000);
    const a = kaldiFbank(silence, { dither: 1, rng: new SeededRng(5), useEnergy: true, rawEnergy: true, removeDcOffset: false, energyFloor: 0 });
    const b = kaldiFbank(silence, { dither: 1, rng: new SeededRng(5), useEnergy: true, rawEnergy: true, removeDcOffset: false, energyFloor: 0 });
    const c = kaldiFbank(silence, { dither: 1, rng: new SeededRng(6), useEnergy: true, rawEnergy: true, removeDcOffset: false, energyFloor: 0 });
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    // Raw energy of 400 unit-variance samples is ~400: log ~ 5.99 (column 0 holds the energy).
    let mean = 0;
    for (let t = 0; t < a.numFrames; t++) mean += a.data[t * a.numBins]! / a.numFrames;
    expect(Math.abs(mean - Math.log(400))).toBeLessThan(0.05);
    // Without dither, silence sits on the float32 epsilon floor.
    const quiet = kaldiFbank(silence, {});
    expect(quiet.data.every((v) => v === Math.fround(Math.log(FLOAT32_EPSILON)))).toBe(true);
  });

  it('rejects empty and non-finite waveforms with typed errors', () => {
    expect(() => kaldiFbank(new Float32Array(0))).toThrow(EmptyWaveformError);
    const bad = speech();
    bad[1234] = Number.NaN;
    expect(() => kaldiFbank(bad)).toThrow(NonFiniteWaveformError);
    expect(() => kaldiFbank(bad)).toThrow(/sample 1234 is NaN/);
    bad[1234] = Number.POSITIVE_INFINITY;
    expect(() => kaldiFbank(bad)).toThrow(/Infinity/);
  });

  it('rejects out-of-range options with errors naming the option and the expected range', () => {
    const x = speech();
    expect(() => kaldiFbank(x, { sampleFrequency: 0 })).toThrow(InvalidSampleRateError);
    expect(() => kaldiFbank(x, { sampleFrequency: 5e9 })).toThrow(InvalidSampleRateError);
    expect(() => kaldiFbank(x, { numMelBins: 0 })).toThrow(FeatureOptionError);
    expect(() => kaldiFbank(x, { numMelBins: 0 })).toThrow(/numMelBins is 0; expected an integer >= 1/);
    expect(() => kaldiFbank(x, { lowFreq: 5000, highFreq: 4000 })).toThrow(/lowFreq is 5000; expected a frequency below highFreq \(4000 Hz\)/);
    expect(() => kaldiFbank(x, { lowFreq: 8000 })).toThrow(/lowFreq/);
    expect(() => kaldiFbank(x, { highFreq: 9000 })).toThrow(/highFreq is 9000/);
    expect(() => kaldiFbank(x, { highFreq: -8000 })).toThrow(/highFreq/);
    expect(() => kaldiFbank(x, { preemphasisCoefficient: 1.5 })).toThrow(/preemphasisCoefficient is 1.5; expected a finite number >= 0 and <= 1/);
    expect(() => kaldiFbank(x, { windowType: 'hann' as 'hanning' })).toThrow(/windowType is 'hann'; expected one of 'hanning'/);
    expect(() => kaldiFbank(x, { frameLength: 0.1 })).toThrow(/at least 2 samples/);
    expect(() => kaldiFbank(x, { frameShift: 0.01 })).toThrow(/frameShift/);
    expect(() => kaldiFbank(x, { roundToPowerOfTwo: false, frameLength: 25.0625 })).toThrow(/even number of samples/);
    expect(() => kaldiFbank(x, { vtlnWarp: 0.9, vtlnLow: 10 })).toThrow(/vtlnLow/);
    expect(() => kaldiFbank(x, { dither: -1 })).toThrow(/dither/);
  });
});
