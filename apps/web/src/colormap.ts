/** Stops of a perceptually ordered dark-to-bright colour map (close to matplotlib's magma). */
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 4],
  [59, 15, 112],
  [140, 41, 129],
  [222, 73, 104],
  [254, 159, 109],
  [252, 253, 191],
];

/** 256 RGB entries, index 0 darkest. */
export const COLORMAP: Uint8ClampedArray = (() => {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (STOPS.length - 1);
    const lo = Math.min(Math.floor(x), STOPS.length - 2);
    const t = x - lo;
    const a = STOPS[lo] as readonly [number, number, number];
    const b = STOPS[lo + 1] as readonly [number, number, number];
    for (let c = 0; c < 3; c++) table[i * 3 + c] = a[c]! + (b[c]! - a[c]!) * t;
  }
  return table;
})();

/** Maps `value` in [lo, hi] to a colour-map index 0..255 (clamped). */
export function colorIndex(value: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 0;
  return Math.max(0, Math.min(255, Math.round(((value - lo) / (hi - lo)) * 255)));
}
