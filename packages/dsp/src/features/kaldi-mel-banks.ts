import type { ResolvedKaldiFbank } from './kaldi-options.js';
import { VTLP_HIGH_FREQ, vtlpWarpFreq } from './vtlp.js';

const f32 = Math.fround;

/** Kaldi's mel scale, `1127 ln(1 + f / 700)`. */
export function kaldiMelScale(freq: number): number {
  return 1127 * Math.log(1 + freq / 700);
}

/** Inverse of {@link kaldiMelScale}. */
export function kaldiInverseMelScale(mel: number): number {
  return 700 * (Math.exp(mel / 1127) - 1);
}

/** Arguments of {@link kaldiMelBanks}, named like `torchaudio.compliance.kaldi.get_mel_banks`. */
export interface KaldiMelBanksOptions {
  /** Number of mel bins. */
  numBins: number;
  /** FFT size (even). */
  windowLengthPadded: number;
  /** Sample rate (Hz). */
  sampleFreq: number;
  /** Low cutoff (Hz). */
  lowFreq: number;
  /** High cutoff (Hz, absolute; `<= 0` is an offset from Nyquist). */
  highFreq: number;
  /** VTLN low inflection point (Hz). */
  vtlnLow: number;
  /** VTLN high inflection point (Hz; negative: offset from Nyquist). */
  vtlnHigh: number;
  /** VTLN warp factor (1: none). */
  vtlnWarpFactor: number;
  /**
   * VTLP warp factor (Jaitly & Hinton; not in torchaudio), default 1 (none): each FFT bin's frequency is warped by
   * {@link vtlpWarpFreq} before the triangles weigh it, so the bin's power lands in the band of its warped frequency.
   */
  vtlpAlpha?: number;
  /** VTLP boundary frequency `F_hi` in Hz, default {@link VTLP_HIGH_FREQ}. */
  vtlpHighFreq?: number;
}

/**
 * Kaldi's triangular mel filter bank (with `vtlpAlpha`, the VTLP-warped bank), like `torchaudio.compliance.kaldi.get_mel_banks(...)[0]`: row-major
 * `[numBins, windowLengthPadded / 2]` (the Nyquist FFT bin has no weight). The arithmetic follows torch's
 * float32 order of operations, so weights match torchaudio to float32 rounding. Options are not validated
 * here; {@link kaldiFbank} validates them.
 */
export function kaldiMelBanks(options: KaldiMelBanksOptions): Float32Array {
  const { numBins, windowLengthPadded, sampleFreq, lowFreq, vtlnLow, vtlnWarpFactor } = options;
  const vtlpAlpha = options.vtlpAlpha ?? 1;
  const vtlpHighFreq = options.vtlpHighFreq ?? VTLP_HIGH_FREQ;
  const numFftBins = windowLengthPadded / 2;
  const nyquist = 0.5 * sampleFreq;
  const highFreq = options.highFreq <= 0 ? options.highFreq + nyquist : options.highFreq;
  const vtlnHigh = options.vtlnHigh < 0 ? options.vtlnHigh + nyquist : options.vtlnHigh;
  const fftBinWidth = f32(sampleFreq / windowLengthPadded);
  const melLow = kaldiMelScale(lowFreq);
  const melHigh = kaldiMelScale(highFreq);
  const delta = f32((melHigh - melLow) / (numBins + 1));
  const melLowF = f32(melLow);

  const mel = new Float32Array(numFftBins);
  for (let k = 0; k < numFftBins; k++) {
    const linear = f32(fftBinWidth * k);
    const freq = vtlpAlpha === 1 ? linear : f32(vtlpWarpFreq(linear, vtlpAlpha, sampleFreq, vtlpHighFreq));
    mel[k] = f32(1127 * f32(Math.log(f32(1 + f32(freq / 700)))));
  }
  const warp = (m: number): number =>
    vtlnWarpFactor === 1 ? m : vtlnWarpMelFreq(vtlnLow, vtlnHigh, lowFreq, highFreq, vtlnWarpFactor, m);
  const out = new Float32Array(numBins * numFftBins);
  for (let b = 0; b < numBins; b++) {
    const left = warp(f32(melLowF + f32(b * delta)));
    const center = warp(f32(melLowF + f32((b + 1) * delta)));
    const right = warp(f32(melLowF + f32((b + 2) * delta)));
    const row = b * numFftBins;
    for (let k = 0; k < numFftBins; k++) {
      const m = mel[k]!;
      const up = f32(f32(m - left) / f32(center - left));
      const down = f32(f32(right - m) / f32(right - center));
      if (vtlnWarpFactor === 1) {
        // (also the VTLP path: the warped bin frequencies meet the unwarped triangles)
        out[row + k] = Math.max(0, Math.min(up, down));
      } else if (m > left && m <= center) {
        out[row + k] = up;
      } else if (m > center && m < right) {
        out[row + k] = down;
      }
    }
  }
  return out;
}

/**
 * Kaldi's piecewise-linear VTLN frequency warp (`torchaudio.compliance.kaldi.vtln_warp_freq`): identity
 * outside [lowFreq, highFreq], `freq / warp` between the inflection points, linear in between.
 */
export function vtlnWarpFreq(vtlnLowCutoff: number, vtlnHighCutoff: number, lowFreq: number, highFreq: number, vtlnWarpFactor: number, freq: number): number {
  const l = vtlnLowCutoff * Math.max(1, vtlnWarpFactor);
  const h = vtlnHighCutoff * Math.min(1, vtlnWarpFactor);
  const scale = 1 / vtlnWarpFactor;
  const fl = scale * l;
  const fh = scale * h;
  const scaleLeft = (fl - lowFreq) / (l - lowFreq);
  const scaleRight = (highFreq - fh) / (highFreq - h);
  if (freq < lowFreq || freq > highFreq) return freq;
  if (freq < l) return f32(lowFreq + f32(scaleLeft * f32(freq - lowFreq)));
  if (freq < h) return f32(scale * freq);
  return f32(highFreq + f32(scaleRight * f32(freq - highFreq)));
}

/** {@link vtlnWarpFreq} on the mel scale (`torchaudio.compliance.kaldi.vtln_warp_mel_freq`). */
export function vtlnWarpMelFreq(vtlnLowCutoff: number, vtlnHighCutoff: number, lowFreq: number, highFreq: number, vtlnWarpFactor: number, melFreq: number): number {
  const hz = f32(700 * f32(f32(Math.exp(f32(melFreq / 1127))) - 1));
  const warped = vtlnWarpFreq(vtlnLowCutoff, vtlnHighCutoff, lowFreq, highFreq, vtlnWarpFactor, hz);
  return f32(1127 * f32(Math.log(f32(1 + f32(warped / 700)))));
}

/** {@link kaldiMelBanks} for resolved {@link kaldiFbank} options, `[numMelBins, paddedWindowSize / 2]`. */
export function kaldiMelBanksOf(o: ResolvedKaldiFbank): Float32Array {
  return kaldiMelBanks({
    numBins: o.numMelBins,
    windowLengthPadded: o.paddedWindowSize,
    sampleFreq: o.sampleFrequency,
    lowFreq: o.lowFreq,
    highFreq: o.highFreqHz,
    vtlnLow: o.vtlnLow,
    vtlnHigh: o.vtlnHighHz,
    vtlnWarpFactor: o.vtlnWarp,
    vtlpAlpha: o.vtlpAlpha,
    vtlpHighFreq: o.vtlpHighFreq,
  });
}
