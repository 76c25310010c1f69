import { describe, expect, it } from 'vitest';
import { initBackend } from '@spectromix/tensor/node';
import { MemoryFeatureStore } from '@spectromix/datasets';
import type { PreparedData } from './prepare.js';
import { batchSpeakers, speakerProfiles, trainingRate } from './speaker-norm.js';
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

describe('per-speaker statistics of a prepared dataset', () => {
  it("averages each bin over the speaker's non-padding frames, in the normalised domain", () => {
    const p = speakerProfiles(prepared(['a', 'a', 'b']), 'data.speakerNormalization');
    expect(p.names).toEqual(['a', 'b']);
    expect(Array.from(p.ofRow)).toEqual([0, 0, 1]);
    // speaker a: clips 0 and 1 -> raw mean of bin f is 0.5 + f; normalised ((0.5 + f) + 2) / (2 * 0.5) = 2.5 + f
    expect(Array.from(p.profiles[0]!.binMeans)).toEqual([2.5, 3.5, 4.5]);
    expect(Array.from(p.profiles[1]!.binMeans)).toEqual([4, 5, 6]); // speaker b: clip 2 -> raw 2 + f
    // every clip has 3 non-padding frames of equal energy: 3 active frames each
    expect(p.profiles[0]!.meanActiveFrames).toBe(3);
    expect(trainingRate(p, [0, 1, 2])).toBe(3);
  });

  it('refuses datasets without speakers, naming the setting', () => {
    expect(() => speakerProfiles(prepared(['a', undefined]), 'data.speakerRate')).toThrow(DataError);
    expect(() => speakerProfiles(prepared(['a', undefined]), 'data.speakerRate')).toThrow(/data\.speakerRate needs a speaker/);
  });

  it("resolves speakerRate 'normalize' to the training speakers' rate, keeps a given target, and is absent without speaker steps", () => {
    const data = prepared(['a', 'a', 'b']);
    expect(batchSpeakers(data, { speakerNormalization: 'none', speakerRate: 'none' })).toBeUndefined();
    expect(batchSpeakers(data, { speakerNormalization: 'none', speakerRate: 'normalize' })?.speakerRate).toEqual({ targetFrames: 3 });
    expect(batchSpeakers(data, { speakerNormalization: 'mean-per-bin', speakerRate: { targetFrames: 6 } })?.speakerRate).toEqual({ targetFrames: 6 });
  });
});

describe('evaluation batches of a per-speaker model', () => {
  it("subtract the speaker's mean from every non-padding frame and leave the padding rows", async () => {
    const { evalSourceFor } = await import('./batches.js');
    await initBackend('cpu');
    const data = prepared(['a', 'a', 'b']);
    const { source, close } = evalSourceFor(data, [0, 2], batchSpeakers(data, { speakerNormalization: 'mean-per-bin', speakerRate: 'none' }), 2, false);
    try {
      for await (const b of source()) {
        const x = await b.x.data();
        // clip 0 normalised: (0 + f + 2) / 1 = 2 + f, minus speaker a's 2.5 + f; padding (0 + 2) / 1 = 2 stays
        expect(Array.from(x.subarray(0, bins))).toEqual([-0.5, -0.5, -0.5]);
        expect(Array.from(x.subarray(3 * bins, 4 * bins))).toEqual([2, 2, 2]);
        // clip 2 is speaker b's only clip: its frames minus their own mean
        expect(Array.from(x.subarray(frames * bins, frames * bins + bins))).toEqual([0, 0, 0]);
        b.x.dispose();
        b.y.dispose();
      }
    } finally {
      await close();
    }
  });
});
