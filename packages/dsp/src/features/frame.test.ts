import { describe, expect, it } from 'vitest';
import { frameSignal, numFrames, padSignal } from './frame.js';
import { FeatureOptionError } from './errors.js';

describe('padSignal', () => {
  const x = Float32Array.from([0, 1, 2, 3]);
  it('pads like torch F.pad', () => {
    expect(Array.from(padSignal(x, 2, 3, 'reflect'))).toEqual([2, 1, 0, 1, 2, 3, 2, 1, 0]);
    expect(Array.from(padSignal(x, 2, 1, 'replicate'))).toEqual([0, 0, 0, 1, 2, 3, 3]);
    expect(Array.from(padSignal(x, 1, 2, 'constant', 9))).toEqual([9, 0, 1, 2, 3, 9, 9]);
  });
  it('rejects reflect padding as long as the signal', () => {
    expect(() => padSignal(x, 4, 0, 'reflect')).toThrow(FeatureOptionError);
    expect(() => padSignal(x, 1, 1, 'wrap' as 'reflect')).toThrow(/padMode is 'wrap'/);
  });
});

describe('frameSignal', () => {
  it('keeps whole frames only', () => {
    const x = Float32Array.from({ length: 10 }, (_, i) => i);
    const f = frameSignal(x, 4, 3);
    expect(f.numFrames).toBe(3);
    expect(Array.from(f.data)).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9]);
    expect(numFrames(3, 4, 1)).toBe(0);
    expect(frameSignal(x, 11, 1).numFrames).toBe(0);
  });
});
