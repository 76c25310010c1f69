import { describe, expect, it } from 'vitest';
import { activeFrames, astFbank, normalizeFbank, padOrCrop, warpTime } from '@spectromix/dsp';
import { applyGroupSpeaker, applySpeaker, modelInput } from './model-input.js';
import { clipFeatures } from './clip-features.js';
import { paddingValue, windowSamples, type FeatureSettings } from './settings.js';
import { rateFactor, SpeakerStats } from './speaker-stats.js';

const SETTINGS: FeatureSettings = { sampleRate: 16000, numMelBins: 128, frameLength: 25, frameShift: 10, targetLength: 80, mean: -4.4, std: 5.3, speakerNormalization: 'none', speakerRate: 'none' };
const FLOOR = Math.fround(4.4 / (2 * 5.3));

/** 0.5 s of a chirp in noise at 16 kHz: 48 fbank frames, so the 80-frame input has 32 padding rows. */
function clip(scale = 1): Float32Array {
  let seed = 1;
  const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
  return Float32Array.from({ length: 8000 }, (_, i) => scale * (0.3 * Math.sin(2 * Math.PI * (300 + 800 * (i / 8000)) * (i / 16000)) + noise()));
}
const plainOf = (w: Float32Array): Float32Array => normalizeFbank(padOrCrop(astFbank(w, 16000), 80), -4.4, 5.3).data;

describe('modelInput', () => {
  it('is astFbank -> padOrCrop -> normalizeFbank of @spectromix/dsp for a model without speaker normalisation', () => {
    const wave = clip();
    const { input, spectrogram } = modelInput(wave, SETTINGS);
    expect(input).toEqual(plainOf(wave));
    expect(spectrogram.numFrames).toBe(48);
    expect(paddingValue(SETTINGS)).toBe(FLOOR);
    expect(input[79 * 128]).toBe(FLOOR);
  });

  it("with speakerNormalization 'mean-per-bin' subtracts the running mean of the speaker's non-padding frames so far", () => {
    const settings: FeatureSettings = { ...SETTINGS, speakerNormalization: 'mean-per-bin' };
    expect(() => modelInput(clip(), settings)).toThrow(/SpeakerStats/);
    const speaker = new SpeakerStats(settings);
    modelInput(clip(), settings, speaker);
    expect(speaker.frames).toBe(48);
    const loud = clip(4);
    const second = modelInput(loud, settings, speaker).input;
    const a = plainOf(clip());
    const b = plainOf(loud);
    const f = 40;
    let sum = 0;
    for (let t = 0; t < 48; t++) sum += (a[t * 128 + f] as number) + (b[t * 128 + f] as number);
    expect(second[3 * 128 + f]).toBeCloseTo((b[3 * 128 + f] as number) - sum / 96, 4);
    expect(second[79 * 128]).toBe(FLOOR); // padding untouched
    speaker.reset();
    expect(speaker.frames).toBe(0);
    expect(Array.from(speaker.profile().binMeans.subarray(0, 3))).toEqual([0, 0, 0]);
  });

  it("with speakerRate scales the clip by targetFrames over the speaker's mean active frames, then removes the speaker's mean", () => {
    const settings: FeatureSettings = { ...SETTINGS, speakerRate: { targetFrames: 30 }, speakerNormalization: 'mean-per-bin' };
    const wave = clip();
    const short = wave.subarray(0, 4800);
    const speaker = new SpeakerStats(settings);
    modelInput(wave, settings, speaker);
    const second = modelInput(short, settings, speaker).input;
    const a1 = activeFrames(plainOf(wave), 80, 128, FLOOR, 6 / (2 * 5.3));
    const a2 = activeFrames(plainOf(short), 80, 128, FLOOR, 6 / (2 * 5.3));
    expect(a2).toBeLessThan(a1);
    expect(speaker.clips).toBe(2);
    expect(rateFactor(speaker.profile(), 30)).toBe(30 / ((a1 + a2) / 2));
    const expected = plainOf(short);
    const mean = new Float64Array(128);
    let n = 0;
    for (const [x, frames] of [[plainOf(wave), 48], [plainOf(short), 28]] as const) {
      for (let t = 0; t < frames; t++) for (let f = 0; f < 128; f++) mean[f] = (mean[f] as number) + (x[t * 128 + f] as number);
      n += frames;
    }
    warpTime(expected, new Float32Array(expected.length), 80, 128, 30 / ((a1 + a2) / 2), 0, FLOOR);
    for (let t = 0; t < 80; t++) {
      if (expected.subarray(t * 128, (t + 1) * 128).every((v) => v === FLOOR)) continue;
      for (let f = 0; f < 128; f++) expected[t * 128 + f] = (expected[t * 128 + f] as number) - Math.fround((mean[f] as number) / n);
    }
    expect(second).toEqual(expected);
    speaker.reset();
    expect(rateFactor(speaker.profile(), 30)).toBe(1);
  });
});

describe('applyGroupSpeaker', () => {
  it('gives every clip of a group what modelInput gives the last clip of the same speaker (statistics of all clips)', () => {
    const settings: FeatureSettings = { ...SETTINGS, speakerRate: { targetFrames: 30 }, speakerNormalization: 'mean-per-bin' };
    const waves = [clip(), clip(2), clip(0.5).subarray(0, 6000)];
    const group = waves.map((w) => clipFeatures(w, settings).normalized);
    applyGroupSpeaker(group, settings);
    const speaker = new SpeakerStats(settings);
    let last: Float32Array = new Float32Array(0);
    for (const w of waves) last = modelInput(w, settings, speaker).input;
    expect(group[2]).toEqual(last);
    const again = clipFeatures(waves[0] as Float32Array, settings).normalized;
    applySpeaker(again, settings, speaker.profile());
    expect(group[0]).toEqual(again);
  });

  it('leaves the clips of a model without speaker normalisation alone, and applySpeaker asks for a profile when one is needed', () => {
    const x = clipFeatures(clip(), SETTINGS).normalized;
    const copy = x.slice();
    applyGroupSpeaker([x], SETTINGS);
    applySpeaker(x, SETTINGS, undefined);
    expect(x).toEqual(copy);
    expect(() => applySpeaker(x, { ...SETTINGS, speakerNormalization: 'mean-per-bin' }, undefined)).toThrow(/SpeakerStats/);
  });
});

describe('windowSamples', () => {
  it('is the audio that fills exactly targetLength Kaldi frames (snip edges)', () => {
    expect(windowSamples(SETTINGS)).toBe(79 * 160 + 400);
    expect(astFbank(new Float32Array(windowSamples(SETTINGS)), 16000).numFrames).toBe(80);
    expect(astFbank(new Float32Array(windowSamples(SETTINGS) - 1), 16000).numFrames).toBe(79);
  });
});
