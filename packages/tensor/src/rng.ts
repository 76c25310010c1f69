/** The serialisable state of a {@link SeededRng}: restore it to continue the exact same sequence. */
export interface RngState {
  /** Four 32-bit words of xoshiro128** state. */
  readonly s: readonly [number, number, number, number];
}

/**
 * A small, fast, seeded random generator (xoshiro128**, seeded through splitmix32) whose state can be saved
 * in a checkpoint and restored, so shuffles, augmentations and dropout masks replay exactly after a resume.
 */
export class SeededRng {
  private s: [number, number, number, number];

  /** @param seed any integer; the same seed gives the same sequence on every platform. */
  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = [next(), next(), next(), next()];
  }

  /** Creates a generator from a saved {@link RngState}. */
  static fromState(state: RngState): SeededRng {
    const rng = new SeededRng(0);
    rng.s = [...state.s] as [number, number, number, number];
    return rng;
  }

  /** The current state, for checkpoints. */
  state(): RngState {
    return { s: [...this.s] as [number, number, number, number] };
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] = (s[2] ^ s[0]) >>> 0;
    s[3] = (s[3] ^ s[1]) >>> 0;
    s[1] = (s[1] ^ s[2]) >>> 0;
    s[0] = (s[0] ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). @param n exclusive upper bound, a positive integer. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`SeededRng.int needs a positive integer bound, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Shuffles an array in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A seed for a child generator or a tfjs op's `seed` argument, drawn from this sequence. */
  fork(): number {
    return this.nextUint32();
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
