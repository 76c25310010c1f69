import { describe, expect, it } from 'vitest';
import { initBackend } from '@spectromix/tensor/node';
import { MemoryFeatureStore } from '@spectromix/datasets';
import type { PreparedData } from './prepare.js';
import { groupBinMeans, speakerMeans, speakerRates, subtractBinMeans } from './speaker-norm.js';
import { DataError } from '../errors.js';

const frames = 4;
const bins = 3;
const norm = { mean: -2, std: 0.5, source: 'config' as const };

/** Two speakers; each clip's last row is zero padding. Raw log-mel value of bin f in clip c: c + f. */
function prepared(speakers: (string | undefined)[]): PreparedData {
  const rows = speakers.map((_, c) => {
    const x = new Float32Array(frames * bins);
    for (let t = 0; t < frames - 1; t++) for (let f = 0; f < bins; f++) x[t * bins + f] = c + f;
    return x;
  });
  const store = new MemoryFeatureStore(rows, frames, bins);
  const records = speakers.map((speaker, c) => ({ path: `c${c}.wav`, label: 'x', labelIndex: 0, ...(speaker != null ? { speaker } : {}) }));
  return { dataset: { name: 't', root: '/', classes: ['x'], records, problems: [] }, store, split: { train: [0, 1, 2], validation: [], test: [], description: '' }, normalization: norm, featureSource: 'memory' } as unknown as PreparedData;
}

describe('per-speaker mean normalisation', () => {
  it("averages each bin over the speaker's non-padding frames, in the normalised domain", () => {
    const means = speakerMeans(prepared(['a', 'a', 'b']));
    // speaker a: clips 0 and 1 -> raw mean of bin f is 0.5 + f; normalised ((0.5 + f) + 2) / (2 * 0.5) = 2.5 + f
    expect(Array.from(means.bySpeaker.get('a')!)).toEqual([2.5, 3.5, 4.5]);
    expect(Array.from(means.forRecord(2))).toEqual([4, 5, 6]); // speaker b: clip 2 -> raw 2 + f
    expect(Array.from(means.forRecord(0))).toEqual(Array.from(means.forRecord(1)));
  });

  it('refuses datasets without speakers', () => {
    expect(() => speakerMeans(prepared(['a', undefined]))).toThrow(DataError);
  });

  it('subtracts per-example means and leaves padding rows; a group mean skips padding too', () => {
    const floor = -9;
    const x = Float32Array.from([1, 2, 3, 4, floor, floor]); // one example, 3 frames x 2 bins, last row padding
    expect(Array.from(groupBinMeans(x, 1, 3, 2, floor))).toEqual([2, 3]);
    subtractBinMeans(x, 1, 3, 2, floor, () => Float32Array.from([2, 3]));
    expect(Array.from(x)).toEqual([-1, -1, 1, 1, floor, floor]);
  });
});

describe('spectromix predict with a per-speaker model', () => {
  it('takes all inputs as one speaker: subtracts their common bin means, then the per-clip ones when asked', async () => {
    const { finishFeatures } = await import('../commands/predict.js');
    const frames = 2;
    const features = { targetLength: frames, normalization: { mean: 0, std: 0.5 }, speakerNormalization: 'mean-per-bin', clipNormalization: 'none' };
    const manifest = { features } as unknown as Parameters<typeof finishFeatures>[2];
    const x = new Float32Array(2 * frames * 128);
    x.fill(1, 0, frames * 128); // clip 0: every value 1
    x.fill(3, frames * 128); // clip 1: every value 3
    finishFeatures(x, 2, manifest);
    expect(x[0]).toBe(-1); // speaker mean 2
    expect(x[frames * 128]).toBe(1);
    const y = new Float32Array(2 * frames * 128).fill(5);
    finishFeatures(y, 2, { features: { ...features, speakerNormalization: 'none' } } as unknown as Parameters<typeof finishFeatures>[2]);
    expect(y[0]).toBe(5);
  });
});

describe('speaking-rate normalisation', () => {
  it("scales every speaker to the training speakers' mean rate", () => {
    const data = prepared(['a', 'a', 'b']);
    // every clip has 3 non-padding frames of equal energy: 3 active frames each, so every factor is 1
    const rates = speakerRates(data);
    expect(rates.targetFrames).toBe(3);
    expect(rates.forRecord(2)).toBe(1);
    expect(speakerRates(data, 6).forRecord(0)).toBe(2); // a given target (from an export) wins
    expect(() => speakerRates(prepared(['a', undefined]))).toThrow(DataError);
  });
});

describe('spectromix predict with a speaking-rate model', () => {
  it("compresses the inputs' time axis by targetFrames over their mean active frames", async () => {
    const { finishFeatures } = await import('../commands/predict.js');
    const frames = 8;
    const std = 0.5;
    const features = { targetLength: frames, normalization: { mean: 4, std }, speakerNormalization: 'none', clipNormalization: 'none', speakerRate: { targetFrames: 2 } };
    const pad = Math.fround(-4 / (2 * std));
    const x = new Float32Array(frames * 128).fill(pad);
    for (let t = 0; t < 4; t++) x.fill(t + 1, t * 128, (t + 1) * 128); // 4 active frames (values 1..4, all within 6 / (2 std) = 6 of 4)
    finishFeatures(x, 1, { features } as unknown as Parameters<typeof finishFeatures>[2]);
    // factor 2 / 4 = 0.5: output frame t reads input frame 2t
    expect([x[0], x[128], x[2 * 128]]).toEqual([1, 3, pad]);
  });

  it('takes the speaker mean from the clips before the rate scaling, as training does', async () => {
    const { finishFeatures } = await import('../commands/predict.js');
    const std = 0.5;
    const features = { targetLength: 8, normalization: { mean: 4, std }, speakerNormalization: 'mean-per-bin', clipNormalization: 'none', speakerRate: { targetFrames: 2 } };
    const pad = Math.fround(-4 / (2 * std));
    const x = new Float32Array(8 * 128).fill(pad);
    for (let t = 0; t < 4; t++) x.fill(t + 1, t * 128, (t + 1) * 128);
    finishFeatures(x, 1, { features } as unknown as Parameters<typeof finishFeatures>[2]);
    // mean of the unscaled frames 1..4 is 2.5 (of the scaled ones 1 and 3 it would be 2)
    expect([x[0], x[128], x[2 * 128]]).toEqual([1 - 2.5, 3 - 2.5, pad]);
  });
});

describe('per-clip speaking-rate normalisation (data.clipFrames)', () => {
  it('stretches every evaluated clip to clipFrames frames of speech', async () => {
    const { evalSourceFor, extraNormalization } = await import('./batches.js');
    await initBackend('cpu');
    const data = prepared(['a', 'b']); // 3 speech frames and one padding row per clip
    const norm = extraNormalization(data, { clipNormalization: 'none', speakerNormalization: 'none', clipFrames: 4 });
    const { source, close } = evalSourceFor(data, [0, 1], norm, 2, false);
    try {
      for await (const b of source()) {
        const x = await b.x.data();
        // normalised (x + 2) / 1: padding rows are 2; clip 0's bin 1 is 3 on its three speech rows. Scaled by 4/3,
        // its last row reads frame 2.25: three quarters speech, a quarter padding (unscaled it was padding).
        expect(x[3 * bins + 1]).toBeCloseTo(3 + (2 - 3) * 0.25, 5);
        expect(x[bins + 1]).toBe(3);
        b.x.dispose();
        b.y.dispose();
      }
    } finally {
      await close();
    }
  });

  it('predict: the speaker mean comes from the clips before their own scaling', async () => {
    const { finishFeatures } = await import('../commands/predict.js');
    const n = 8;
    const std = 0.5;
    const pad = Math.fround(-4 / (2 * std));
    const features = { targetLength: n, normalization: { mean: 4, std }, speakerNormalization: 'mean-per-bin', clipNormalization: 'none', clipFrames: 4 };
    const x = new Float32Array(2 * n * 128).fill(pad);
    x.fill(1, 0, 2 * 128); // clip 0: 2 frames of 1
    x.fill(3, n * 128, n * 128 + 4 * 128); // clip 1: 4 frames of 3
    finishFeatures(x, 2, { features } as unknown as Parameters<typeof finishFeatures>[2]);
    // speaker mean over the 6 unscaled frames: (2 * 1 + 4 * 3) / 6 = 7/3; clip 0 stretched to 4 frames of 1 (the
    // fourth interpolates towards padding), clip 1 left at 4 frames
    expect(x[0]).toBeCloseTo(1 - 7 / 3, 5);
    expect(x[2 * 128]).toBeCloseTo(1 - 7 / 3, 5);
    expect(x[n * 128 + 3 * 128]).toBeCloseTo(3 - 7 / 3, 5);
    expect(x[n * 128 + 4 * 128]).toBe(pad);
  });
});
