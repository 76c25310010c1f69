import { describe, expect, it } from 'vitest';
import { COLORMAP, colorIndex } from './colormap.js';

describe('colour map', () => {
  it('runs from near black to a bright end, getting brighter', () => {
    const luma = (i: number): number => (COLORMAP[i * 3] ?? 0) + (COLORMAP[i * 3 + 1] ?? 0) + (COLORMAP[i * 3 + 2] ?? 0);
    expect(luma(0)).toBeLessThan(10);
    expect(luma(255)).toBeGreaterThan(650);
    for (let i = 16; i < 256; i += 16) expect(luma(i)).toBeGreaterThan(luma(i - 16));
  });

  it('maps values into 0..255 and clamps outside the range', () => {
    expect(colorIndex(-10, 0, 1)).toBe(0);
    expect(colorIndex(0.5, 0, 1)).toBe(128);
    expect(colorIndex(3, 0, 1)).toBe(255);
    expect(colorIndex(1, 1, 1)).toBe(0);
  });
});
