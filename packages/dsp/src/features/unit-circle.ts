/**
 * `[cos, sin]` of `2 pi r / n` for an integer `r` reduced modulo `n`, exact at multiples of a quarter turn so
 * that DC, Nyquist and quarter-wave bins get exact zeros and ones.
 */
export function unitCircle(r: number, n: number): [number, number] {
  const k = ((r % n) + n) % n;
  if (k === 0) return [1, 0];
  if (4 * k === n) return [0, 1];
  if (2 * k === n) return [-1, 0];
  if (4 * k === 3 * n) return [0, -1];
  // Evaluate on the shorter side of the circle for accuracy.
  const angle = (2 * Math.PI * (2 * k > n ? k - n : k)) / n;
  return [Math.cos(angle), Math.sin(angle)];
}
