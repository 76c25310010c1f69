import { describe, expect, it } from 'vitest';
import { decodeF32, maxAbsDiff, signal, syntheticFixtures } from '../../test/features/fixtures.js';
import { hzToMel, melscaleFbanks, melToHz, type MelScale } from './mel-scale.js';
import { melSpectrogram, type MelSpectrogramOptions } from './mel-spectrogram.js';
import { amplitudeToDB, logMel } from './log-scale.js';
import { createDct } from './dct.js';
import { mfcc, type MfccOptions } from './mfcc.js';
import { kaldiMelBanks } from './kaldi-mel-banks.js';
import { FeatureOptionError } from './errors.js';

const camel = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));

describe('mel scales', () => {
  it('round-trips hz <-> mel on both scales', () => {
    for (const scale of ['htk', 'slaney'] as MelScale[]) for (const f of [0, 100, 999, 1000, 4000, 11025]) expect(melToHz(hzToMel(f, scale), scale)).toBeCloseTo(f, 6);
    expect(hzToMel(1000, 'slaney')).toBeCloseTo(15, 10);
    expect(hzToMel(700, 'htk')).toBeCloseTo(2595 * Math.log10(2), 10);
  });
});

describe('melscaleFbanks vs torchaudio.functional.melscale_fbanks', () => {
  for (const c of syntheticFixtures().melscaleFbanks) {
    it(JSON.stringify(c.options), () => {
      const o = camel(c.options) as { nFreqs: number; fMin: number; fMax: number; nMels: number; sampleRate: number; norm?: 'slaney'; melScale?: MelScale };
      const fb = melscaleFbanks(o);
      // Same float32 operation order as torch; transcendental functions may differ by an ulp.
      expect(maxAbsDiff(fb, decodeF32(c.expected.data))).toBeLessThan(1e-5);
    });
  }
  it('rejects fMin >= fMax', () => {
    expect(() => melscaleFbanks({ nFreqs: 10, nMels: 4, sampleRate: 16000, fMin: 5000, fMax: 4000 })).toThrow(FeatureOptionError);
  });
});

describe('kaldiMelBanks vs torchaudio.compliance.kaldi.get_mel_banks', () => {
  for (const c of syntheticFixtures().kaldiMelBanks) {
    it(JSON.stringify(c.args), () => {
      const [numBins, windowLengthPadded, sampleFreq, lowFreq, highFreq, vtlnLow, vtlnHigh, vtlnWarpFactor] = c.args as [number, number, number, number, number, number, number, number];
      const banks = kaldiMelBanks({ numBins, windowLengthPadded, sampleFreq, lowFreq, highFreq, vtlnLow, vtlnHigh, vtlnWarpFactor });
      expect(maxAbsDiff(banks, decodeF32(c.expected.data))).toBeLessThan(1e-5);
    });
  }
});

describe('createDct vs torchaudio.functional.create_dct', () => {
  for (const c of syntheticFixtures().createDct) {
    it(`${c.nMfcc} x ${c.nMels} ${c.norm}`, () => {
      expect(maxAbsDiff(createDct(c.nMfcc, c.nMels, c.norm), decodeF32(c.expected.data))).toBeLessThan(1e-6);
    });
  }
});

describe('melSpectrogram and amplitudeToDB vs torchaudio', () => {
  for (const c of syntheticFixtures().melSpectrogram) {
    it(JSON.stringify(c.options), () => {
      const options = camel(c.options) as MelSpectrogramOptions;
      const mel = melSpectrogram(signal('speech'), { ...options, sampleRate: 16000 });
      const expected = decodeF32(c.expected.data);
      expect([mel.numFrames, mel.numBins]).toEqual(c.expected.shape);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(mel.data[i]! - expected[i]!) / (Math.abs(expected[i]!) + 1e-6));
      expect(worst).toBeLessThan(1e-4);
      const db = amplitudeToDB(mel, { stype: options.power === 1 ? 'magnitude' : 'power', topDb: 60 });
      expect(maxAbsDiff(db.data, decodeF32(c.db.data))).toBeLessThan(1e-3);
    });
  }
  it('logMel floors before the log', () => {
    const out = logMel({ data: Float32Array.from([0, 1, 4]), numFrames: 1, numBins: 3 });
    expect(Array.from(out.data)).toEqual([Math.fround(Math.log(1.1920928955078125e-7)), 0, Math.fround(Math.log(4))]);
    expect(logMel({ data: Float32Array.from([0]), numFrames: 1, numBins: 1 }, { offset: 1e-6 }).data[0]).toBeCloseTo(Math.log(1e-6), 5);
  });
});

describe('mfcc vs torchaudio.transforms.MFCC', () => {
  for (const c of syntheticFixtures().mfcc) {
    it(JSON.stringify(c.options), () => {
      const raw = c.options as { n_mfcc?: number; log_mels?: boolean; norm?: null; melkwargs?: Record<string, unknown> };
      const options: MfccOptions = { sampleRate: 16000 };
      if (raw.n_mfcc !== undefined) options.nMfcc = raw.n_mfcc;
      if (raw.log_mels !== undefined) options.logMels = raw.log_mels;
      if ('norm' in raw) options.norm = raw.norm ?? null;
      if (raw.melkwargs !== undefined) options.melkwargs = camel(raw.melkwargs) as MfccOptions['melkwargs'];
      const out = mfcc(signal('speech'), options);
      const expected = decodeF32(c.expected.data);
      expect([out.numFrames, out.numBins]).toEqual(c.expected.shape);
      expect(maxAbsDiff(out.data, expected)).toBeLessThan(2e-3);
    });
  }
  it('rejects more coefficients than mel bands', () => {
    expect(() => mfcc(signal('speech'), { nMfcc: 50, melkwargs: { nMels: 40 } })).toThrow(/nMfcc is 50; expected at most the number of mel bands \(40\)/);
  });
});
