import { describe, expect, it } from 'vitest';
import { SeededRng } from '@spectromix/tensor';
import { hiddenShare, maskBatch, maskedCount, maskSeed, sampleMask, type PatchGeometry } from './masking.js';
import { DEFAULT_PRETRAIN_CONFIG } from './config.js';

/** asm-rh-tiny's grid at RAVDESS's 512 frames: 12 x 50 patches of 16 x 16, every 10. */
const ravdess: PatchGeometry = { grid: { freq: 12, time: 50 }, patchSize: 16, stride: 10, numBins: 128 };
const clusters = { min: 3, max: 5 };

describe('sampleMask', () => {
  it('masks the configured share of the patches, each once, sorted, the same count in every clip', () => {
    expect(maskedCount(600, 0.75)).toBe(450);
    expect(maskedCount(24, 0.01)).toBe(1);
    expect(maskedCount(24, 0.999)).toBe(23);
    for (const cluster of [clusters, null]) {
      for (let seed = 0; seed < 20; seed++) {
        const m = sampleMask(ravdess.grid, { ratio: 0.75, cluster }, new SeededRng(seed));
        expect(m.length).toBe(450);
        expect(new Set(m).size).toBe(450);
        expect([...m].every((v, i) => v >= 0 && v < 600 && (i === 0 || v > (m[i - 1] as number)))).toBe(true);
      }
    }
  });

  it('is a pure function of the seed', () => {
    const a = sampleMask(ravdess.grid, { ratio: 0.5, cluster: clusters }, new SeededRng(maskSeed(7, 3, 41)));
    const b = sampleMask(ravdess.grid, { ratio: 0.5, cluster: clusters }, new SeededRng(maskSeed(7, 3, 41)));
    const otherEpoch = sampleMask(ravdess.grid, { ratio: 0.5, cluster: clusters }, new SeededRng(maskSeed(7, 4, 41)));
    const otherRow = sampleMask(ravdess.grid, { ratio: 0.5, cluster: clusters }, new SeededRng(maskSeed(7, 3, 42)));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(otherEpoch));
    expect(Array.from(a)).not.toEqual(Array.from(otherRow));
  });

  it('masks in clusters: nearly every masked patch has a masked neighbour, unlike masking one by one', () => {
    const neighboured = (cluster: typeof clusters | null): number => {
      let withNeighbour = 0;
      let total = 0;
      for (let seed = 0; seed < 30; seed++) {
        const m = new Set(sampleMask(ravdess.grid, { ratio: 0.1, cluster }, new SeededRng(seed)));
        for (const k of m) {
          const [f, t] = [Math.floor(k / 50), k % 50];
          total += 1;
          if ((t > 0 && m.has(k - 1)) || (t < 49 && m.has(k + 1)) || (f > 0 && m.has(k - 50)) || (f < 11 && m.has(k + 50))) withNeighbour += 1;
        }
      }
      return withNeighbour / total;
    };
    expect(neighboured(clusters)).toBeGreaterThan(0.95);
    expect(neighboured(null)).toBeLessThan(0.4);
  });

  it("the default ratio hides as much of a 512-frame spectrogram as SSAST's 400 of 512 patches (78%)", () => {
    let share = 0;
    for (let seed = 0; seed < 100; seed++) share += hiddenShare(ravdess, 512, sampleMask(ravdess.grid, DEFAULT_PRETRAIN_CONFIG.mask, new SeededRng(seed))) / 100;
    expect(share).toBeGreaterThan(0.76);
    expect(share).toBeLessThan(0.82);
  });
});

describe('maskBatch', () => {
  // Two clips of 32 frames (2 x 12 patches), values that name their clip, frame and bin.
  const geometry: PatchGeometry = { grid: { freq: 12, time: 2 }, patchSize: 16, stride: 10, numBins: 128 };
  const frames = 32;
  const x = Float32Array.from({ length: 2 * frames * 128 }, (_, i) => 1 + i);
  const masks = [Int32Array.from([0, 5, 13]), Int32Array.from([2, 3, 23])];

  it('marks the masked tokens, selects them in order and reads their patches as the patch embedding does', () => {
    const a = maskBatch(x, 2, frames, geometry, masks, 'input');
    expect(a.masked).toBe(3);
    for (let b = 0; b < 2; b++) {
      const ids = masks[b] as Int32Array;
      for (let n = 0; n < 24; n++) expect(a.tokenMask[b * 24 + n]).toBe(ids.includes(n) ? 1 : 0);
      for (let m = 0; m < 3; m++) {
        const row = Array.from(a.select.subarray((b * 3 + m) * 24, (b * 3 + m + 1) * 24));
        expect(row.indexOf(1)).toBe(ids[m]);
        expect(row.reduce((s, v) => s + v, 0)).toBe(1);
        const token = ids[m] as number;
        const [f, t] = [Math.floor(token / 2), token % 2];
        // element (i along mel, j along time) of patch (f, t) is x[t * 10 + j, f * 10 + i]
        for (const [i, j] of [[0, 0], [3, 7], [15, 15]] as const) {
          expect(a.target[(b * 3 + m) * 256 + i * 16 + j]).toBe(x[b * frames * 128 + (t * 10 + j) * 128 + f * 10 + i]);
        }
      }
    }
  });

  it("'input' sets every pixel of a masked patch to 0 and leaves the others; 'token' leaves the input alone", () => {
    const hidden = maskBatch(x, 2, frames, geometry, masks, 'input');
    const kept = maskBatch(x, 2, frames, geometry, masks, 'token');
    expect(Array.from(kept.input)).toEqual(Array.from(x));
    for (let b = 0; b < 2; b++) {
      const covered = new Set<number>();
      for (const token of masks[b] as Int32Array) {
        const [f, t] = [Math.floor(token / 2), token % 2];
        for (let j = 0; j < 16; j++) for (let i = 0; i < 16; i++) covered.add((t * 10 + j) * 128 + f * 10 + i);
      }
      for (let p = 0; p < frames * 128; p++) expect(hidden.input[b * frames * 128 + p]).toBe(covered.has(p) ? 0 : x[b * frames * 128 + p]);
    }
  });

  it('refuses clips with different mask lengths', () => {
    expect(() => maskBatch(x, 2, frames, geometry, [Int32Array.from([1, 2]), Int32Array.from([1])], 'input')).toThrow(/every clip needs 2 masked patches/);
  });
});
