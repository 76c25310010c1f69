import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAudioFile } from '../audio/read-audio-file.js';
import { AUDIO_FIXTURES, DATASETS } from '../audio/test-support.js';
import { astFbank } from './ast-fbank.js';
import { FeatureOptionError } from './errors.js';
import { kaldiFbank } from './kaldi-fbank.js';
import { kaldiMelBanks } from './kaldi-mel-banks.js';
import { VTLP_HIGH_FREQ, vtlpWarpFreq } from './vtlp.js';

interface VtlpFixtures {
  vtlp: {
    fHi: number;
    freqs: string;
    warp: { alpha: number; warped: string }[];
    banks: { alpha: number; low: string; lowWeight: string; highWeight: string }[];
    fbank: { path: string; inputLength: number; cases: { alpha: number; numFrames: number; probeFrames: string; probeBins: string; probeValues: string; frameSums: string; binSums: string }[] };
  };
}

const fixtures = JSON.parse(readFileSync(join(AUDIO_FIXTURES, 'perturb', 'manifest.json'), 'utf8')) as VtlpFixtures;

function typed<T>(b64: string, make: (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(b64, 'base64');
  return make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
const f32 = (b64: string): Float32Array => typed(b64, (b) => new Float32Array(b));

describe('vtlpWarpFreq: Jaitly & Hinton (2013) against a reference written from the paper (scripts/perturb-make-fixtures.py)', () => {
  const freqs = f32(fixtures.vtlp.freqs);
  it.each(fixtures.vtlp.warp)('alpha $alpha, 0 to 8000 Hz every 25 Hz, within 1e-3 Hz', ({ alpha, warped }) => {
    const want = f32(warped);
    for (let i = 0; i < freqs.length; i++) expect(Math.abs(vtlpWarpFreq(freqs[i]!, alpha, 16000, fixtures.vtlp.fHi) - want[i]!)).toBeLessThan(1e-3);
  });

  it('is the identity at alpha 1, fixes 0 and Nyquist, is continuous at the boundary F_hi min(alpha, 1) / alpha and increasing', () => {
    expect(VTLP_HIGH_FREQ).toBe(4800);
    for (const f of [0, 123.4, 4800, 7999]) expect(vtlpWarpFreq(f, 1, 16000)).toBe(f);
    for (const alpha of [0.9, 1.1]) {
      expect(vtlpWarpFreq(0, alpha, 16000)).toBe(0);
      expect(vtlpWarpFreq(8000, alpha, 16000)).toBeCloseTo(8000, 9);
      const boundary = (4800 * Math.min(alpha, 1)) / alpha;
      expect(vtlpWarpFreq(boundary - 1e-6, alpha, 16000)).toBeCloseTo(vtlpWarpFreq(boundary + 1e-6, alpha, 16000), 4);
      expect(vtlpWarpFreq(1000, alpha, 16000)).toBeCloseTo(1000 * alpha, 9);
      let last = -1;
      for (let f = 0; f <= 8000; f += 10) {
        const w = vtlpWarpFreq(f, alpha, 16000);
        expect(w).toBeGreaterThan(last);
        last = w;
      }
    }
  });
});

describe('the VTLP-warped Kaldi mel bank and AST fbank', () => {
  const bank = (alpha: number): Float32Array =>
    kaldiMelBanks({ numBins: 128, windowLengthPadded: 512, sampleFreq: 16000, lowFreq: 20, highFreq: 0, vtlnLow: 100, vtlnHigh: -500, vtlnWarpFactor: 1, vtlpAlpha: alpha });

  it.each(fixtures.vtlp.banks)('alpha $alpha: every FFT bin feeds the reference bands with the reference weights (within 2e-5)', ({ alpha, low, lowWeight, highWeight }) => {
    const lows = typed(low, (b) => new Int32Array(b));
    const lw = f32(lowWeight);
    const hw = f32(highWeight);
    const ours = bank(alpha);
    for (let k = 0; k < 256; k++) {
      for (let b = 0; b < 128; b++) {
        const want = b === lows[k] ? lw[k]! : b === lows[k]! + 1 && lows[k]! >= 0 ? hw[k]! : 0;
        expect(Math.abs(ours[b * 256 + k]! - want), `bin ${k}, band ${b}`).toBeLessThan(2e-5);
      }
    }
  });

  it('alpha 1 is the unwarped bank bit for bit, and alpha 1.1 moves a band\'s centre down by the warp (energy at f lands at 1.1 f)', () => {
    expect(bank(1)).toEqual(kaldiMelBanks({ numBins: 128, windowLengthPadded: 512, sampleFreq: 16000, lowFreq: 20, highFreq: 0, vtlnLow: 100, vtlnHigh: -500, vtlnWarpFactor: 1 }));
    const peak = (m: Float32Array, b: number): number => {
      let best = 0;
      for (let k = 1; k < 256; k++) if (m[b * 256 + k]! > m[b * 256 + best]!) best = k;
      return best;
    };
    // Band 60's centre is near 1.5 kHz (bin ~48): warped, it collects the bins whose 1.1 f is there.
    expect(peak(bank(1.1), 60)).toBeLessThan(peak(bank(1), 60));
    expect(peak(bank(0.9), 60)).toBeGreaterThan(peak(bank(1), 60));
  });

  it(`astFbank with vtlpAlpha on ${fixtures.vtlp.fbank.path} matches the reference fbank (float64 torchaudio steps) within 1e-3`, async () => {
    const wave = (await readAudioFile(join(DATASETS, fixtures.vtlp.fbank.path), { sampleRate: 16000, mono: true })).channelData[0]!;
    expect(wave.length, 'the decoder changed: regenerate the fixtures').toBe(fixtures.vtlp.fbank.inputLength);
    for (const c of fixtures.vtlp.fbank.cases) {
      const fb = astFbank(wave, 16000, { vtlpAlpha: c.alpha });
      expect(fb.numFrames).toBe(c.numFrames);
      const frames = typed(c.probeFrames, (b) => new Uint16Array(b));
      const bins = typed(c.probeBins, (b) => new Uint16Array(b));
      const values = f32(c.probeValues);
      let err = 0;
      for (let i = 0; i < values.length; i++) err = Math.max(err, Math.abs(fb.data[frames[i]! * 128 + bins[i]!]! - values[i]!));
      const binSums = f32(c.binSums);
      for (let b = 0; b < 128; b++) {
        let s = 0;
        for (let t = 0; t < fb.numFrames; t++) s += fb.data[t * 128 + b]!;
        err = Math.max(err, Math.abs(s - binSums[b]!) / fb.numFrames);
      }
      expect(err, `alpha ${c.alpha}`).toBeLessThan(1e-3);
      // ... and it differs from the unwarped features by far more than that.
      const plain = astFbank(wave, 16000);
      let moved = 0;
      for (let i = 0; i < plain.data.length; i++) moved = Math.max(moved, Math.abs(plain.data[i]! - fb.data[i]!));
      expect(moved).toBeGreaterThan(0.5);
    }
  });

  it('alpha 1 gives the contract\'s features exactly; bad options throw FeatureOptionError naming them', () => {
    const wave = Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i * 0.3) + 0.1 * Math.sin(i * 1.7));
    expect(astFbank(wave, 16000, { vtlpAlpha: 1 }).data).toEqual(astFbank(wave, 16000).data);
    expect(() => astFbank(wave, 16000, { vtlpAlpha: 0.2 })).toThrow(FeatureOptionError);
    expect(() => astFbank(wave, 16000, { vtlpAlpha: 1.1, vtlpHighFreq: 9000 })).toThrow(/vtlpHighFreq/);
    expect(() => kaldiFbank(wave, { vtlpAlpha: 1.1, vtlnWarp: 1.05 })).toThrow(/vtlnWarp/);
  });
});
