import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';
import { ClassifierOptionError } from './errors.js';

const seq = (from: number, n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => from + i);

describe('RingBuffer', () => {
  it('returns what was pushed, in order, until full', () => {
    const ring = new RingBuffer(5);
    ring.push(seq(0, 3));
    expect(Array.from(ring.snapshot())).toEqual([0, 1, 2]);
    expect(ring.length).toBe(3);
  });

  it('keeps the most recent samples across wrap-around', () => {
    const ring = new RingBuffer(5);
    ring.push(seq(0, 3));
    ring.push(seq(3, 4));
    expect(Array.from(ring.snapshot())).toEqual([2, 3, 4, 5, 6]);
    ring.push(seq(7, 1));
    expect(Array.from(ring.snapshot())).toEqual([3, 4, 5, 6, 7]);
    expect(ring.totalWritten).toBe(8);
  });

  it('keeps only the tail of a chunk longer than the ring', () => {
    const ring = new RingBuffer(4);
    ring.push(seq(0, 2));
    ring.push(seq(10, 9));
    expect(Array.from(ring.snapshot())).toEqual([15, 16, 17, 18]);
    ring.push(seq(19, 1));
    expect(Array.from(ring.snapshot())).toEqual([16, 17, 18, 19]);
  });

  it('matches a plain array reference over many random pushes', () => {
    const ring = new RingBuffer(37);
    const all: number[] = [];
    let next = 0;
    let state = 12345;
    for (let step = 0; step < 200; step++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const n = state % 50;
      ring.push(seq(next, n));
      for (let i = 0; i < n; i++) all.push(next + i);
      next += n;
      expect(Array.from(ring.snapshot())).toEqual(all.slice(-37));
    }
  });

  it('clear() empties it', () => {
    const ring = new RingBuffer(3);
    ring.push(seq(0, 5));
    ring.clear();
    expect(ring.snapshot().length).toBe(0);
    ring.push(seq(9, 1));
    expect(Array.from(ring.snapshot())).toEqual([9]);
  });

  it('rejects a non-positive capacity with a typed error', () => {
    expect(() => new RingBuffer(0)).toThrow(ClassifierOptionError);
    expect(() => new RingBuffer(2.5)).toThrow(/positive integer/);
  });
});
