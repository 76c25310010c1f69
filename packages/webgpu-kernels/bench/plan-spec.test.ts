import { describe, expect, it } from 'vitest';
import { matMulCases } from './cases.js';
import { parsePlan } from './plan-spec.js';

describe('parsePlan', () => {
  it('reads named and custom tiles with their K split', () => {
    expect(parsePlan('large/7')).toEqual({ tile: 'large', splitK: 7 });
    expect(parsePlan('wide')).toEqual({ tile: 'wide', splitK: 1 });
    expect(parsePlan('64x128x16/1')).toEqual({ tile: { tileM: 64, tileN: 128, tileK: 16, threadM: 8, threadN: 8 }, splitK: 1 });
    expect(parsePlan('32x128x8@4x8/2')).toEqual({ tile: { tileM: 32, tileN: 128, tileK: 8, threadM: 4, threadN: 8 }, splitK: 2 });
  });

  it('rejects retired tiles and flags, saying what it takes', () => {
    for (const stale of ['medium/1', 'largeDeep/1', 'large/6/f', 'large/1/w', 'large/1/2', 'large/0', 'large/x']) {
      expect(() => parsePlan(stale)).toThrow(/expected tile\/splitK/);
    }
  });

  it("parses every sweep plan of the benchmark's cases", () => {
    for (const c of matMulCases(false)) for (const p of c.sweep) expect(() => parsePlan(p), `${c.name}: ${p}`).not.toThrow();
  });
});
