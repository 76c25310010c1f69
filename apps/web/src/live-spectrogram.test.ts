import { describe, expect, it } from 'vitest';
import { melRowBins } from './live-spectrogram.js';

describe('melRowBins', () => {
  it('covers 20 Hz to 8 kHz in increasing, contiguous mel-spaced ranges', () => {
    const rows = melRowBins(512, 48000, 128);
    expect(rows).toHaveLength(128);
    const binHz = 24000 / 512;
    expect(rows[0]?.[0]).toBe(Math.floor(20 / binHz));
    expect(rows[127]?.[1]).toBe(Math.floor(8000 / binHz));
    for (let r = 1; r < rows.length; r++) {
      const [from, to] = rows[r] as [number, number];
      expect(from).toBeGreaterThanOrEqual((rows[r - 1] as [number, number])[0]);
      expect(to).toBeGreaterThanOrEqual(from);
    }
    // Mel spacing: the top row spans many more FFT bins than the bottom one.
    const width = ([from, to]: [number, number]): number => to - from + 1;
    expect(width(rows[10] as [number, number])).toBeLessThanOrEqual(2);
    expect(width(rows[127] as [number, number])).toBeGreaterThanOrEqual(3);
  });

  it('stops at Nyquist for low sample rates', () => {
    const rows = melRowBins(256, 8000, 64);
    expect(rows[63]?.[1]).toBe(255);
  });
});
