/** Jaitly & Hinton's boundary frequency `F_hi` of the VTLP warp, in Hz (their value for 16 kHz speech). */
export const VTLP_HIGH_FREQ = 4800;

/**
 * The frequency warp of vocal-tract-length perturbation (Jaitly & Hinton 2013, "Vocal Tract Length Perturbation
 * (VTLP) improves speech recognition"): with `S/2` the Nyquist frequency and `F_hi` the boundary frequency,
 *
 * ```
 * f' = f * alpha                                                            for f <= F_hi * min(alpha, 1) / alpha
 * f' = S/2 - (S/2 - F_hi * min(alpha, 1)) / (S/2 - F_hi * min(alpha, 1) / alpha) * (S/2 - f)   above
 * ```
 *
 * so the spectrum is stretched by `alpha` up to the boundary and the rest is squeezed linearly onto the band up to
 * Nyquist (continuous, monotonic, `f' = f` at 0 and at Nyquist). Alpha 1 returns `freq` unchanged.
 * @param freq frequency in Hz, in [0, sampleRate / 2].
 * @param alpha warp factor (the paper draws it from [0.9, 1.1]).
 * @param sampleRate the audio's rate `S`, Hz.
 * @param highFreq the boundary frequency `F_hi`, Hz (default {@link VTLP_HIGH_FREQ}).
 */
export function vtlpWarpFreq(freq: number, alpha: number, sampleRate: number, highFreq: number = VTLP_HIGH_FREQ): number {
  if (alpha === 1) return freq;
  const nyquist = sampleRate / 2;
  const knee = highFreq * Math.min(alpha, 1);
  const boundary = knee / alpha;
  if (freq <= boundary) return freq * alpha;
  return nyquist - ((nyquist - knee) / (nyquist - boundary)) * (nyquist - freq);
}
