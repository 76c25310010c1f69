import { describe, expect, it } from 'vitest';
import { SeededRng } from './rng.js';

describe('SeededRng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new SeededRng(42);
    const b = new SeededRng(42);
    const c = new SeededRng(43);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('restores from a saved state mid-sequence', () => {
    const a = new SeededRng(7);
    for (let i = 0; i < 10; i++) a.next();
    const saved = JSON.parse(JSON.stringify(a.state()));
    const tail = Array.from({ length: 8 }, () => a.next());
    const b = SeededRng.fromState(saved);
    expect(Array.from({ length: 8 }, () => b.next())).toEqual(tail);
  });

  it('draws uniform values, integers in range and normals with sane moments', () => {
    const r = new SeededRng(1);
    const u = Array.from({ length: 20000 }, () => r.next());
    const mean = u.reduce((s, v) => s + v, 0) / u.length;
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const ints = Array.from({ length: 1000 }, () => r.int(6));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    const n = Array.from({ length: 20000 }, () => r.normal());
    const nm = n.reduce((s, v) => s + v, 0) / n.length;
    const nv = n.reduce((s, v) => s + (v - nm) ** 2, 0) / n.length;
    expect(Math.abs(nm)).toBeLessThan(0.03);
    expect(Math.abs(nv - 1)).toBeLessThan(0.05);
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('shuffles as a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new SeededRng(3).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });
});
