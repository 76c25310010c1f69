import { describe, expect, it } from 'vitest';
import { AudioOptionError } from './errors.js';
import { mixdown } from './mixdown.js';

describe('mixdown', () => {
  it('averages the channels', () => {
    const out = mixdown([new Float32Array([1, 0, -1]), new Float32Array([0, 0.5, 1]), new Float32Array([0.5, 1, 0])]);
    expect(Array.from(out)).toEqual([0.5, 0.5, 0].map(Math.fround));
  });

  it('copies a single channel', () => {
    const mono = new Float32Array([0.25, -0.25]);
    const out = mixdown([mono]);
    expect(out).toEqual(mono);
    expect(out).not.toBe(mono);
  });

  it('rejects no channels and channels of different lengths', () => {
    expect(() => mixdown([])).toThrow(AudioOptionError);
    expect(() => mixdown([new Float32Array(2), new Float32Array(3)])).toThrow(/equal length; got 2, 3/);
  });
});
