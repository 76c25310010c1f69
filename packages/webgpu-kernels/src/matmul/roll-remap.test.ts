import { describe, expect, it } from 'vitest';
import type { RollRemap } from './matmul-types.js';
import { rollRemapKey, rollRemapMismatch, rollRemapWgsl } from './roll-remap.js';

const base: RollRemap = { operand: 'a', freq: 3, time: 5, groupWidth: 4, shiftF: [0, 0, -1, 1], shiftT: [-1, 1, 0, 0] };

describe('roll remap', () => {
  it('keys the pipeline by operand, grid, group width and the shifts modulo the axis lengths', () => {
    const keys = new Set([
      rollRemapKey(base),
      rollRemapKey({ ...base, operand: 'output' }),
      rollRemapKey({ ...base, time: 6 }),
      rollRemapKey({ ...base, groupWidth: 8 }),
      rollRemapKey({ ...base, shiftT: [-2, 2, 0, 0] }),
      rollRemapKey(undefined),
    ]);
    expect(keys.size).toBe(6);
    // Shifts equal modulo the axis are the same shader.
    expect(rollRemapKey({ ...base, shiftT: [4, -4, 0, 0], shiftF: [0, 0, 2, -2] })).toBe(rollRemapKey(base));
  });

  it('branches only on the groups that move, reading (i - k) mod n', () => {
    const wgsl = rollRemapWgsl({ ...base, shiftF: [0, 0, 0, 0, 0, 7], shiftT: [1] });
    // Group 0 reads t - 1 = t + 4 (mod 5); group 5 reads f - 7 = f + 2 (mod 3).
    expect(wgsl).toContain('case 0: { df = 0; dt = 4; }');
    expect(wgsl).toContain('case 5: { df = 2; dt = 0; }');
    expect(wgsl.match(/case /g)?.length).toBe(2);
  });

  it('explains matrices that are not whole items or groups', () => {
    expect(rollRemapMismatch(base, 30, 32)).toBeUndefined();
    expect(rollRemapMismatch(base, 29, 32)).toMatch(/whole items/);
    expect(rollRemapMismatch(base, 30, 30)).toMatch(/whole groups/);
    expect(rollRemapMismatch(base, 30, 12)).toMatch(/whole groups/);
  });
});
