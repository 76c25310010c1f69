/** Largest prime factor handled by a direct (generic) radix; lengths with a larger one go through Bluestein. */
export const MAX_GENERIC_RADIX = 61;

/**
 * Splits `n` into Stockham radices: as many 4s as possible, then 2, 3, 5 and the remaining primes in
 * increasing order. Returns null if `n` has a prime factor above `maxPrime`.
 */
export function radices(n: number, maxPrime: number = MAX_GENERIC_RADIX): number[] | null {
  const out: number[] = [];
  let rest = n;
  while (rest % 4 === 0) {
    out.push(4);
    rest /= 4;
  }
  for (let p = 2; p * p <= rest; p++) {
    while (rest % p === 0) {
      if (p > maxPrime) return null;
      out.push(p);
      rest /= p;
    }
  }
  if (rest > 1) {
    if (rest > maxPrime) return null;
    out.push(rest);
  }
  // Keep 4s first, then ascending primes (the loop above already yields them ascending).
  return out;
}

/** Smallest number >= `n` whose prime factors are all 2, 3 or 5. */
export function nextSmooth(n: number): number {
  for (let m = Math.max(1, n); ; m++) {
    let r = m;
    for (const p of [2, 3, 5]) while (r % p === 0) r /= p;
    if (r === 1) return m;
  }
}
