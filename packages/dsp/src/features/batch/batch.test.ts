import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { SeededRng } from '@spectromix/tensor';
import { describeBackends, expectAllClose, liveTensors } from '@spectromix/tensor/testing';
import { signal } from '../../../test/features/fixtures.js';
import { kaldiFbank } from '../kaldi-fbank.js';
import type { KaldiFbankOptions } from '../kaldi-options.js';
import { spectrogram, type SpectrogramOptions } from '../spectrogram.js';
import { melSpectrogram, type MelSpectrogramOptions } from '../mel-spectrogram.js';
import { specAugment } from '../spec-augment.js';
import { normalizeFbank } from '../normalize.js';
import { FeatureOptionError } from '../errors.js';
import { kaldiFbankBatch } from './kaldi-fbank-batch.js';
import { stftPowerBatch } from './stft-power-batch.js';
import { melSpectrogramBatch } from './mel-spectrogram-batch.js';
import { specAugmentBatch } from './spec-augment-batch.js';
import { normalizeBatch } from './normalize-batch.js';

// Two short rows (0.15 s at 16 kHz): lavapipe emulates the GPU on the CPU, so keep it tiny.
const SAMPLES = 2400;
const rows = (): Float32Array[] => [signal('speech').slice(0, SAMPLES), signal('chirp').slice(1000, 1000 + SAMPLES).map((v) => 0.3 * v)];

function batchOf(waves: Float32Array[]): tf.Tensor2D {
  const data = new Float32Array(waves.length * SAMPLES);
  waves.forEach((w, i) => data.set(w, i * SAMPLES));
  return tf.tensor2d(data, [waves.length, SAMPLES]);
}

/** Runs `op` on `input`, checks it leaked no tensor, and downloads the result. */
async function run<T extends tf.Tensor>(input: T, op: (x: T) => tf.Tensor): Promise<{ data: Float32Array; shape: number[] }> {
  const before = liveTensors();
  const out = op(input);
  const data = (await out.data()) as Float32Array;
  const shape = out.shape;
  out.dispose();
  expect(liveTensors()).toBe(before);
  input.dispose();
  return { data, shape };
}

const peak = (v: Float32Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

const KALDI_CASES: KaldiFbankOptions[] = [
  { htkCompat: true, useEnergy: false, windowType: 'hanning', numMelBins: 128, dither: 0, frameShift: 10 },
  { snipEdges: false, useEnergy: true, htkCompat: true, windowType: 'hamming', numMelBins: 23 },
  { useEnergy: true, rawEnergy: false, energyFloor: 0, roundToPowerOfTwo: false, preemphasisCoefficient: 0.5, numMelBins: 40 },
  { removeDcOffset: false, windowType: 'blackman', blackmanCoeff: 0.38, lowFreq: 100, highFreq: -500, subtractMean: true, numMelBins: 30 },
  { vtlnWarp: 0.9, windowType: 'rectangular', frameLength: 20, frameShift: 7, numMelBins: 24 },
];

describeBackends('tensor path vs reference path', ({ backend }) => {
  for (const options of KALDI_CASES) {
    it(`kaldiFbankBatch ${JSON.stringify(options)}`, async () => {
      const waves = rows();
      const { data, shape } = await run(batchOf(waves), (x) => kaldiFbankBatch(x, options));
      const refs = waves.map((w) => kaldiFbank(w, options));
      expect(shape).toEqual([2, refs[0]!.numFrames, refs[0]!.numBins]);
      const expected = new Float32Array(data.length);
      refs.forEach((r, i) => expected.set(r.data, i * r.data.length));
      // Log domain: 1e-4 relative, with an absolute floor for values near 0.
      expectAllClose(data, expected, { rtol: 1e-4, atol: 1e-4 }, `${backend} kaldiFbankBatch`);
    });
  }

  it('kaldiFbankBatch linear magnitude energies and seeded dither match the reference loop', async () => {
    const waves = rows();
    const linear: KaldiFbankOptions = { usePower: false, useLogFbank: false, numMelBins: 16 };
    const lin = await run(batchOf(waves), (x) => kaldiFbankBatch(x, linear));
    const linRef = waves.flatMap((w) => Array.from(kaldiFbank(w, linear).data));
    expectAllClose(lin.data, linRef, { rtol: 1e-4, atol: 1e-5 * peak(Float32Array.from(linRef)) }, `${backend} linear`);
    const dithered = await run(batchOf(waves), (x) => kaldiFbankBatch(x, { dither: 0.01, rng: new SeededRng(4), numMelBins: 16 }));
    const rng = new SeededRng(4);
    const ditheredRef = waves.flatMap((w) => Array.from(kaldiFbank(w, { dither: 0.01, rng, numMelBins: 16 }).data));
    expectAllClose(dithered.data, ditheredRef, { rtol: 1e-4, atol: 1e-4 }, `${backend} dither`);
  });

  it('kaldiFbankBatch gives zero frames like the reference, and rejects bad inputs', async () => {
    const empty = await run(tf.zeros([2, 300]) as tf.Tensor2D, (x) => kaldiFbankBatch(x, { numMelBins: 10 }));
    expect(empty.shape).toEqual([2, 0, 10]);
    const rank3 = tf.zeros([2, 3, 4]);
    expect(() => kaldiFbankBatch(rank3 as unknown as tf.Tensor2D)).toThrow(FeatureOptionError);
    const x = tf.zeros([2, 800]) as tf.Tensor2D;
    expect(() => kaldiFbankBatch(x, { numMelBins: 0 })).toThrow(/numMelBins/);
    tf.dispose([rank3, x]);
  });

  const SPEC_CASES: MelSpectrogramOptions[] = [
    { nFft: 256, hopLength: 160 },
    { nFft: 200, winLength: 160, hopLength: 100, padMode: 'constant', power: 1, pad: 30 },
    { nFft: 128, hopLength: 200, padMode: 'replicate', normalized: true, window: 'hamming' },
    { nFft: 256, hopLength: 256, center: false, normalized: 'frame_length', power: 0.5 },
  ];
  for (const options of SPEC_CASES) {
    it(`stftPowerBatch and melSpectrogramBatch ${JSON.stringify(options)}`, async () => {
      const waves = rows();
      const spec = await run(batchOf(waves), (x) => stftPowerBatch(x, options as SpectrogramOptions));
      const specRef = waves.map((w) => spectrogram(w, options as SpectrogramOptions));
      expect(spec.shape).toEqual([2, specRef[0]!.numFrames, specRef[0]!.numBins]);
      const specExpected = Float32Array.from(specRef.flatMap((r) => Array.from(r.data)));
      expectAllClose(spec.data, specExpected, { rtol: 1e-4, atol: 1e-5 * peak(specExpected) }, `${backend} stftPowerBatch`);
      const melOptions = { ...options, nMels: 20, sampleRate: 16000, norm: 'slaney' as const, melScale: 'slaney' as const };
      const mel = await run(batchOf(waves), (x) => melSpectrogramBatch(x, melOptions));
      const melExpected = Float32Array.from(waves.flatMap((w) => Array.from(melSpectrogram(w, melOptions).data)));
      expectAllClose(mel.data, melExpected, { rtol: 1e-4, atol: 1e-5 * peak(melExpected) }, `${backend} melSpectrogramBatch`);
    });
  }

  it('specAugmentBatch masks exactly like specAugment row by row, and normalizeBatch like normalizeFbank', async () => {
    const frames = 12;
    const bins = 10;
    const base = Float32Array.from({ length: 3 * frames * bins }, (_, i) => Math.sin(i) * 4 - 6);
    const options = { freqMaskParam: 5, timeMaskParam: 6, numTimeMasks: 2, maskValue: -1.5 };
    const out = await run(tf.tensor3d(base, [3, frames, bins]), (x) => specAugmentBatch(x, options, new SeededRng(11)));
    const rng = new SeededRng(11);
    const expected = new Float32Array(base.length);
    for (let b = 0; b < 3; b++) {
      const row = { data: base.slice(b * frames * bins, (b + 1) * frames * bins), numFrames: frames, numBins: bins };
      expected.set(specAugment(row, options, rng).data, b * frames * bins);
    }
    expectAllClose(out.data, expected, { rtol: 1e-6, atol: 1e-6 }, `${backend} specAugmentBatch`);
    const norm = await run(tf.tensor3d(base, [3, frames, bins]), (x) => normalizeBatch(x, -6.845978, 5.5654526));
    const normRef = normalizeFbank({ data: base, numFrames: 3 * frames, numBins: bins }, -6.845978, 5.5654526).data;
    expectAllClose(norm.data, normRef, { rtol: 1e-5, atol: 1e-6 }, `${backend} normalizeBatch`);
  });
});
