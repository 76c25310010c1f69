import { describe, expect, it } from 'vitest';
import { cepstralSmooth } from './cepstral-smooth.js';

describe('cepstralSmooth', () => {
  it('keeps a smooth envelope and removes fast ripple across bins (pitch harmonics)', () => {
    const bins = 32;
    const envelope = Float32Array.from({ length: bins }, (_, f) => Math.cos((Math.PI * (f + 0.5)) / bins)); // DCT basis 1
    // + ripple: DCT basis 24, a harmonic comb across the bins
    const x = Float32Array.from(envelope, (v, f) => v + 0.5 * Math.cos((Math.PI * (f + 0.5) * 24) / bins));
    const before = Math.max(...x.map((v, f) => Math.abs(v - (envelope[f] as number))));
    cepstralSmooth(x, 1, bins, 4);
    const after = Math.max(...x.map((v, f) => Math.abs(v - (envelope[f] as number))));
    expect(before).toBeGreaterThan(0.45);
    expect(after).toBeLessThan(1e-5);
  });

  it('leaves padding rows alone and is the identity when keep covers every bin', () => {
    const x = Float32Array.from([1, 2, 3, 4, 7, 7, 7, 7]); // 2 frames x 4 bins, the second is padding (7)
    cepstralSmooth(x, 2, 4, 1, 7);
    expect(Array.from(x.subarray(0, 4)).map((v) => Number(v.toFixed(5)))).toEqual([2.5, 2.5, 2.5, 2.5]);
    expect(Array.from(x.subarray(4))).toEqual([7, 7, 7, 7]);
    const y = Float32Array.from([1, 2, 3, 4]);
    cepstralSmooth(y, 1, 4, 4);
    expect(Array.from(y)).toEqual([1, 2, 3, 4]);
    expect(() => cepstralSmooth(y, 1, 4, 0)).toThrow(/keep/);
  });
});
