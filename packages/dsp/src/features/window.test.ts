import { describe, expect, it } from 'vitest';
import { decodeF32, maxAbsDiff, syntheticFixtures } from '../../test/features/fixtures.js';
import { blackmanWindow, getWindow, hammingWindow, hannWindow, poveyWindow, rectangularWindow, type WindowName } from './window.js';
import { kaldiWindow } from './kaldi-window.js';
import { FeatureOptionError } from './errors.js';

describe('windows vs torch.*_window', () => {
  const fns = { hann: hannWindow, hamming: hammingWindow, blackman: blackmanWindow };
  for (const w of syntheticFixtures().windows) {
    it(`${w.name}(${w.length}, periodic=${w.periodic})`, () => {
      const ours = fns[w.name](w.length, { periodic: w.periodic });
      // torch evaluates the cosines in float32: a few ulp apart at most.
      expect(maxAbsDiff(ours, decodeF32(w.data))).toBeLessThan(5e-7);
    });
  }
});

describe('window details', () => {
  it('povey is symmetric hann ** 0.85, zero at both ends', () => {
    const p = poveyWindow(9);
    const h = hannWindow(9, { periodic: false });
    for (let i = 0; i < 9; i++) expect(p[i]).toBeCloseTo(Math.pow(h[i]!, 0.85), 6);
    expect(p[0]).toBe(0);
    expect(p[8]).toBeCloseTo(0, 7);
  });
  it('kaldi blackman with coeff 0.42 equals the symmetric blackman window', () => {
    expect(maxAbsDiff(kaldiWindow('blackman', 25), blackmanWindow(25, { periodic: false }))).toBeLessThan(1e-7);
    expect(kaldiWindow('rectangular', 3)).toEqual(rectangularWindow(3));
  });
  it('getWindow dispatches by name and rejects unknown names', () => {
    for (const name of ['hann', 'hamming', 'povey', 'blackman', 'rectangular'] as WindowName[]) expect(getWindow(name, 16).length).toBe(16);
    expect(() => getWindow('kaiser' as WindowName, 16)).toThrow(FeatureOptionError);
    expect(() => hannWindow(-1)).toThrow(/windowLength is -1/);
    expect(hannWindow(0).length).toBe(0);
  });
});
