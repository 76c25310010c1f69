import { describe, expect, it } from 'vitest';
import { activeFrames, astFbank, normalizeFbank, padOrCrop, scaleToActiveFrames, warpTime } from '@spectromix/dsp';
import { modelFeatures, SpeakerStats, subtractBinMeans, windowSamples } from './features.js';
import type { FeatureSettings } from './export-format.js';

const SETTINGS: FeatureSettings = {
  sampleRate: 16000,
  numMelBins: 128,
  frameLength: 25,
  frameShift: 10,
  targetLength: 80,
  mean: -4.4,
  std: 5.3,
  clipNormalization: 'none',
  speakerNormalization: 'none',
  speakerRate: 'none',
  clipFrames: 0,
};

/** 0.5 s of a chirp in noise at 16 kHz: 48 fbank frames, so the 80-frame input has 32 padding rows. */
function clip(): Float32Array {
  let seed = 1;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
  return Float32Array.from({ length: 8000 }, (_, i) => 0.3 * Math.sin(2 * Math.PI * (300 + 800 * (i / 8000)) * (i / 16000)) + noise());
}

/** The trainer's per-clip mean removal (apps/trainer/src/data/extra-augment.ts): padding rows found by value. */
function trainerSubtractClipMean(x: Float32Array, frames: number, bins: number, floor: number): void {
  const mean = new Float64Array(bins);
  const rows: number[] = [];
  for (let t = 0; t < frames; t++) {
    const r = x.subarray(t * bins, (t + 1) * bins);
    if (r.every((v) => v === floor)) continue;
    rows.push(t * bins);
    for (let f = 0; f < bins; f++) mean[f] = (mean[f] as number) + (r[f] as number);
  }
  for (let f = 0; f < bins; f++) mean[f] = (mean[f] as number) / rows.length;
  for (const o of rows) for (let f = 0; f < bins; f++) x[o + f] = (x[o + f] as number) - (mean[f] as number);
}

describe('modelFeatures', () => {
  it("with speakerNormalization 'mean-per-bin' subtracts the running mean of the speaker's frames so far", () => {
    const wave = clip();
    const settings: FeatureSettings = { ...SETTINGS, speakerNormalization: 'mean-per-bin' };
    expect(() => modelFeatures(wave, settings)).toThrow(/SpeakerStats/);
    const speaker = new SpeakerStats(128);
    const first = modelFeatures(wave, settings, speaker).input;
    const plain = normalizeFbank(padOrCrop(astFbank(wave, 16000), 80), -4.4, 5.3).data;
    // One clip seen: the speaker mean is this clip's mean, so it equals the per-clip normalisation.
    const clipOnly = modelFeatures(wave, { ...SETTINGS, clipNormalization: 'mean-per-bin' }).input;
    for (const i of [0, 5 * 128 + 40, 47 * 128 + 127]) expect(first[i]).toBeCloseTo(clipOnly[i] as number, 5);
    expect(speaker.frames).toBe(48);
    // A second, louder clip: the mean now averages both clips' 96 frames.
    const loud = wave.map((v) => v * 4);
    const second = modelFeatures(loud, settings, speaker).input;
    const loudPlain = normalizeFbank(padOrCrop(astFbank(loud, 16000), 80), -4.4, 5.3).data;
    const f = 40;
    let sum = 0;
    for (let t = 0; t < 48; t++) sum += (plain[t * 128 + f] as number) + (loudPlain[t * 128 + f] as number);
    expect(second[3 * 128 + f]).toBeCloseTo((loudPlain[3 * 128 + f] as number) - sum / 96, 4);
    expect(second[79 * 128]).toBe(loudPlain[79 * 128]); // padding untouched
    speaker.reset();
    expect(speaker.frames).toBe(0);
    expect(Array.from(speaker.mean().subarray(0, 3))).toEqual([0, 0, 0]);
  });

  it("with speakerRate scales each clip by targetFrames over the speaker's mean active frames so far, as the trainer does", () => {
    const wave = clip();
    const settings: FeatureSettings = { ...SETTINGS, speakerRate: { targetFrames: 30 }, speakerNormalization: 'mean-per-bin' };
    expect(() => modelFeatures(wave, { ...SETTINGS, speakerRate: { targetFrames: 30 } })).toThrow(/SpeakerStats/);
    const floor = Math.fround(4.4 / (2 * 5.3));
    const plainOf = (w: Float32Array): Float32Array => normalizeFbank(padOrCrop(astFbank(w, 16000), 80), -4.4, 5.3).data;
    const short = wave.subarray(0, 4800); // 0.3 s: fewer active frames than the 0.5 s clip
    const speaker = new SpeakerStats(128);
    modelFeatures(wave, settings, speaker);
    const second = modelFeatures(short, settings, speaker).input;
    const a1 = activeFrames(plainOf(wave), 80, 128, floor, 6 / (2 * 5.3));
    const a2 = activeFrames(plainOf(short), 80, 128, floor, 6 / (2 * 5.3));
    expect(a2).toBeLessThan(a1);
    expect(speaker.clips).toBe(2);
    expect(speaker.rateFactor(30)).toBeCloseTo(30 / ((a1 + a2) / 2), 10);
    // The trainer's order: the speaker's mean per bin from the unscaled clips, then the time scaling, then the mean removed.
    const expected = plainOf(short);
    const mean = new Float64Array(128);
    let n = 0;
    for (const [x, frames] of [[plainOf(wave), 48], [plainOf(short), 28]] as const) {
      for (let t = 0; t < frames; t++) for (let f = 0; f < 128; f++) mean[f] = (mean[f] as number) + (x[t * 128 + f] as number);
      n += frames;
    }
    warpTime(expected, new Float32Array(expected.length), 80, 128, 30 / ((a1 + a2) / 2), 0, floor);
    for (let t = 0; t < 80; t++) {
      if (expected.subarray(t * 128, (t + 1) * 128).every((v) => v === floor)) continue;
      for (let f = 0; f < 128; f++) expected[t * 128 + f] = (expected[t * 128 + f] as number) - (mean[f] as number) / n;
    }
    for (let i = 0; i < expected.length; i++) expect(second[i]).toBeCloseTo(expected[i] as number, 4);
    speaker.reset();
    expect(speaker.clips).toBe(0);
    expect(speaker.rateFactor(30)).toBe(1);
  });

  it('with clipFrames scales the clip to that many frames of speech before the clip mean, as the trainer does', () => {
    const wave = clip();
    const settings: FeatureSettings = { ...SETTINGS, clipFrames: 30, clipNormalization: 'mean-per-bin' };
    const { input } = modelFeatures(wave, settings);
    const floor = Math.fround(4.4 / (2 * 5.3));
    const reference = normalizeFbank(padOrCrop(astFbank(wave, 16000), 80), -4.4, 5.3).data;
    const before = activeFrames(reference, 80, 128, floor, 6 / (2 * 5.3));
    expect(before).toBeGreaterThan(40);
    scaleToActiveFrames(reference, 80, 128, 30, floor, 5.3);
    trainerSubtractClipMean(reference, 80, 128, floor);
    expect(input).toEqual(reference);
    // The 48 frames shrank to about 30: everything after is padding again.
    expect(input[35 * 128]).toBe(floor);
    expect(input[20 * 128]).not.toBe(floor);
  });

  it('is astFbank -> padOrCrop -> normalizeFbank of @spectromix/dsp (AST features)', () => {
    const wave = clip();
    const { input, spectrogram } = modelFeatures(wave, SETTINGS);
    const expected = normalizeFbank(padOrCrop(astFbank(wave, 16000), 80), -4.4, 5.3);
    expect(input).toEqual(expected.data);
    expect(spectrogram.numFrames).toBe(48);
    expect(input.length).toBe(80 * 128);
  });

  it("with 'mean-per-bin' removes each bin's clip mean and leaves the padding rows, as the trainer does", () => {
    const wave = clip();
    const { input } = modelFeatures(wave, { ...SETTINGS, clipNormalization: 'mean-per-bin' });
    const reference = normalizeFbank(padOrCrop(astFbank(wave, 16000), 80), -4.4, 5.3).data;
    const floor = Math.fround(4.4 / (2 * 5.3));
    trainerSubtractClipMean(reference, 80, 128, floor);
    expect(input).toEqual(reference);
    for (const f of [0, 40, 127]) {
      let sum = 0;
      for (let t = 0; t < 48; t++) sum += input[t * 128 + f] as number;
      expect(Math.abs(sum / 48)).toBeLessThan(1e-5);
    }
    expect(input[79 * 128]).toBe(floor);
  });

  it('subtractBinMeans ignores an empty clip', () => {
    const data = new Float32Array([1, 2]);
    subtractBinMeans(data, 0, 2);
    expect(Array.from(data)).toEqual([1, 2]);
  });
});

describe('windowSamples', () => {
  it('is the audio that fills exactly targetLength Kaldi frames (snip edges)', () => {
    expect(windowSamples(SETTINGS)).toBe(79 * 160 + 400);
    expect(windowSamples({ ...SETTINGS, targetLength: 1 })).toBe(400);
    expect(astFbank(new Float32Array(windowSamples(SETTINGS)), 16000).numFrames).toBe(80);
    expect(astFbank(new Float32Array(windowSamples(SETTINGS) - 1), 16000).numFrames).toBe(79);
  });
});
