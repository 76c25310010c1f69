/** Cached DFT matrices for the tensor path (typed arrays: tensors are made per call, on the active backend). */

const cache = new Map<string, Float32Array>();
const CACHE_SIZE = 8;

/**
 * The real-input DFT as one matrix `[frameLength, 2 * numBins]`: column `k` holds `w[n] cos(2 pi k n / nFft)`
 * and column `numBins + k` holds `-w[n] sin(2 pi k n / nFft)`, so `frames @ basis` gives the real and imaginary
 * parts of the one-sided spectrum of the windowed frame zero-padded to `nFft` (`numBins = nFft / 2 + 1`).
 * @param window per-sample weights folded into the basis (length `frameLength`), or null for none.
 */
export function dftBasis(frameLength: number, nFft: number, window: Float32Array | null = null, scale = 1): Float32Array {
  const key = `${frameLength}|${nFft}|${scale}|${window === null ? '' : fingerprint(window)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const numBins = (nFft >> 1) + 1;
  const basis = new Float32Array(frameLength * 2 * numBins);
  for (let n = 0; n < frameLength; n++) {
    const w = (window === null ? 1 : window[n]!) * scale;
    const row = n * 2 * numBins;
    for (let k = 0; k < numBins; k++) {
      // Reduce k * n modulo nFft first so the angle stays small and accurate.
      const angle = (2 * Math.PI * ((k * n) % nFft)) / nFft;
      basis[row + k] = w * Math.cos(angle);
      basis[row + numBins + k] = -w * Math.sin(angle);
    }
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, basis);
  return basis;
}

/** A cheap content key for a window (length plus a position-weighted checksum of its float32 bits). */
function fingerprint(values: Float32Array): string {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let h = 2166136261;
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i]!, 16777619) >>> 0;
  return `${values.length}:${h}`;
}
