import { describe, expect, it } from 'vitest';
import { decodeHalf, encodeHalf, floatToHalf as toHalf, halfToFloat as fromHalf } from './float16.js';

describe('float16', () => {
  it('encodes known values exactly (IEEE 754 binary16)', () => {
    const cases: [number, number][] = [
      [0, 0x0000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [2 ** -24, 0x0001], [2 ** -14, 0x0400],
      [-15.9424, 0xcbf9], [1e6, 0x7c00], [-Infinity, 0xfc00],
    ];
    for (const [v, bits] of cases) {
      expect(toHalf(v), String(v)).toBe(bits);
      if (Number.isFinite(v) && Math.abs(v) <= 65504) expect(fromHalf(bits)).toBeCloseTo(v, 2);
    }
    expect(Number.isNaN(fromHalf(toHalf(Number.NaN)))).toBe(true);
  });

  it('rounds to nearest, ties to even, and round-trips every half', () => {
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00);
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toHalf(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    const wrong: number[] = [];
    for (let bits = 0; bits < 65536; bits++) {
      const v = fromHalf(bits);
      if (!Number.isNaN(v) && toHalf(v) !== bits) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps log-mel values within half precision (relative error < 2^-11)', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => -16 + (i * 27.3) / 1000);
    const back = decodeHalf(encodeHalf(values));
    for (let i = 0; i < values.length; i++) {
      expect(Math.abs((back[i] as number) - (values[i] as number))).toBeLessThanOrEqual(Math.abs(values[i] as number) * 2 ** -11 + 2 ** -25);
    }
  });
});
