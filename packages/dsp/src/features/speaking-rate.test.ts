import { describe, expect, it } from 'vitest';
import { activeFrames, scaleToActiveFrames, warpTime } from './speaking-rate.js';

describe('speaking rate', () => {
  it('counts frames within the threshold of the loudest, skipping padding rows', () => {
    const x = Float32Array.from([-1, -1, -3, -3, -9, -9, -20, -20, 0, 0]); // 5 frames x 2 bins, last is padding
    expect(activeFrames(x, 5, 2)).toBe(2); // -1 and -3 are within 6 of -1; -9 and -20 are not
    expect(activeFrames(x.map((v) => (v === 0 ? 7 : v)), 5, 2, 7, 10)).toBe(3);
    expect(activeFrames(new Float32Array(6), 3, 2)).toBe(0);
  });

  it('stretches and shifts in time with linear interpolation, reading padding outside the clip', () => {
    const x = Float32Array.from([0, 10, 20, 30]); // 4 frames x 1 bin
    warpTime(x, new Float32Array(4), 4, 1, 2, 0, -1);
    expect(Array.from(x)).toEqual([0, 5, 10, 15]);
    const y = Float32Array.from([0, 10, 20, 30]);
    warpTime(y, new Float32Array(4), 4, 1, 1, 1, -1);
    expect(Array.from(y)).toEqual([-1, 0, 10, 20]);
  });

  it('scales a clip so that its active frames number the target', () => {
    // 8 frames x 1 bin, normalised padding -1: four loud frames then padding; std 0.5 -> threshold 6.
    const x = Float32Array.from([5, 5, 5, 5, -1, -1, -1, -1]);
    expect(scaleToActiveFrames(x, 8, 1, 6, -1, 0.5)).toBeCloseTo(1.5);
    expect(activeFrames(x, 8, 1, -1, 6)).toBe(6);
    const silent = new Float32Array(4).fill(-1);
    expect(scaleToActiveFrames(silent, 4, 1, 3, -1, 0.5)).toBe(1);
    expect(Array.from(silent)).toEqual([-1, -1, -1, -1]);
  });
});
