import { describe, expect, it } from 'vitest';
import { SeededRng } from '@spectromix/tensor';
import { astFbank } from '@spectromix/dsp';
import { generateSyntheticClips, renderClip, SYNTHETIC_CLASSES } from './synthetic.js';
import { syntheticDataset } from './synthetic-dataset.js';
import { officialSplit } from '../splits/official-split.js';

describe('embedded synthetic dataset', () => {
  it('is reproducible from its seed and split per class as asked', () => {
    const perClass = { train: 12, validation: 3, test: 5 };
    const a = generateSyntheticClips({ perClass, length: 4000, sampleRate: 16000, seed: 1 });
    const b = generateSyntheticClips({ perClass, length: 4000, sampleRate: 16000, seed: 1 });
    const c = generateSyntheticClips({ perClass, length: 4000, sampleRate: 16000, seed: 2 });
    expect(a.length).toBe(120);
    expect(Array.from(a[17]!.waveform)).toEqual(Array.from(b[17]!.waveform));
    expect(Array.from(a[17]!.waveform)).not.toEqual(Array.from(c[17]!.waveform));
    for (let k = 0; k < SYNTHETIC_CLASSES.length; k++) {
      const own = a.filter((x) => x.labelIndex === k);
      expect(own.map((x) => x.split).filter((s) => s === 'train').length).toBe(12);
      expect(own.filter((x) => x.split === 'validation').length).toBe(3);
      expect(own.filter((x) => x.split === 'test').length).toBe(5);
    }
  });

  it('clips are finite, in [-1, 1], and the classes differ in time-frequency structure', () => {
    const sr = 16000;
    const frames = (c: number): Float32Array => {
      const w = renderClip(c, 10400, sr, new SeededRng(c + 10));
      expect(w.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
      return astFbank(w, sr).data;
    };
    // Mel-bin centroid (by linear power) of the loudest frames, early half vs late half of the clip's sound.
    const trend = (data: Float32Array): number => {
      const n = data.length / 128;
      const frame = Array.from({ length: n }, (_, t) => {
        const p = Array.from(data.subarray(t * 128, (t + 1) * 128), Math.exp);
        const total = p.reduce((a, b) => a + b, 0);
        return { total, centroid: p.reduce((a, v, i) => a + v * i, 0) / total };
      });
      const loud = [...frame].sort((a, b) => b.total - a.total)[Math.floor(n / 3)]!.total;
      const active = frame.filter((f) => f.total >= loud);
      const half = Math.floor(active.length / 2);
      const mean = (xs: typeof active): number => xs.reduce((a, f) => a + f.centroid, 0) / xs.length;
      return mean(active.slice(half)) - mean(active.slice(0, half));
    };
    expect(trend(frames(0))).toBeGreaterThan(5);
    expect(trend(frames(1))).toBeLessThan(-5);
  });
});

describe('syntheticDataset', () => {
  it('gives one record per clip, with its class and split, so officialSplit gives the generated subsets', () => {
    const clips = generateSyntheticClips({ perClass: { train: 2, validation: 1, test: 1 }, length: 800, sampleRate: 8000, seed: 3 });
    const dataset = syntheticDataset(clips);
    expect(dataset.name).toBe('spectromix-synth');
    expect(dataset.classes).toEqual([...SYNTHETIC_CLASSES]);
    expect(dataset.records.map((r) => [r.labelIndex, r.split])).toEqual(clips.map((c) => [c.labelIndex, c.split]));
    expect(dataset.records[5]!.path).toBe(`synthetic:${SYNTHETIC_CLASSES[clips[5]!.labelIndex]}/5`);
    expect(officialSplit(dataset.records).validation).toHaveLength(6);
  });
});
