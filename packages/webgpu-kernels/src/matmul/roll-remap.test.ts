import { describe, expect, it } from 'vitest';
import type { RollRemap } from './matmul-types.js';
import { rollRemapKey, rollRemapMismatch, rollRemapUniforms } from './roll-remap.js';

const base: RollRemap = { operand: 'a', freq: 3, time: 5, groupWidth: 4, shiftF: [0, 0, -1, 1], shiftT: [-1, 1, 0, 0] };

describe('roll remap', () => {
  it('keys the pipeline by operand, grid and group width; blocks that differ only in shifts share it', () => {
    const keys = new Set([
      rollRemapKey(base),
      rollRemapKey({ ...base, operand: 'output' }),
      rollRemapKey({ ...base, time: 6 }),
      rollRemapKey({ ...base, groupWidth: 8 }),
      rollRemapKey(undefined),
    ]);
    expect(keys.size).toBe(5);
    expect(rollRemapKey({ ...base, shiftT: [-2, 2, 0, 0] })).toBe(rollRemapKey(base));
  });

  it('passes the moving groups and where they read from, (i - k) mod n, as uniforms', () => {
    // Group 0 reads t - 1 = t + 4 (mod 5); group 5 reads f - 7 = f + 2 (mod 3); unused slots are -1.
    const u = rollRemapUniforms({ ...base, shiftF: [0, 0, 0, 0, 0, 7], shiftT: [1] });
    expect(u.map((v) => v.data)).toEqual([
      [0, 5, -1, -1],
      [0, 2, 0, 0],
      [4, 0, 0, 0],
    ]);
    // Shifts equal modulo the axis give the same values.
    expect(rollRemapUniforms({ ...base, shiftT: [4, -4, 0, 0], shiftF: [0, 0, 2, -2] })).toEqual(rollRemapUniforms(base));
  });

  it('explains matrices that are not whole items or groups', () => {
    expect(rollRemapMismatch(base, 30, 32)).toBeUndefined();
    expect(rollRemapMismatch(base, 29, 32)).toMatch(/whole items/);
    expect(rollRemapMismatch(base, 30, 30)).toMatch(/whole groups/);
    expect(rollRemapMismatch(base, 30, 12)).toMatch(/whole groups/);
    expect(rollRemapMismatch({ ...base, shiftT: [1, 1, 1, 1, 1] }, 30, 32)).toMatch(/5 channel groups move/);
  });
});
