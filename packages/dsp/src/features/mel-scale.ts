import { FeatureOptionError } from './errors.js';
import { assertInt, assertNumber, assertOneOf } from './validate.js';

/** Mel scale formula: HTK `2595 log10(1 + f / 700)` or Slaney's (linear below 1 kHz, logarithmic above). */
export type MelScale = 'htk' | 'slaney';

/** Mel scales accepted by the mel functions. */
export const MEL_SCALES: readonly MelScale[] = ['htk', 'slaney'];

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27;

/** Hertz to mels, like torchaudio's `_hz_to_mel` and `librosa.hz_to_mel`. */
export function hzToMel(freq: number, melScale: MelScale = 'htk'): number {
  if (melScale === 'htk') return 2595 * Math.log10(1 + freq / 700);
  return freq >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(freq / MIN_LOG_HZ) / LOGSTEP : freq / F_SP;
}

/** Mels to hertz, the inverse of {@link hzToMel}. */
export function melToHz(mel: number, melScale: MelScale = 'htk'): number {
  if (melScale === 'htk') return 700 * (Math.pow(10, mel / 2595) - 1);
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** Options of {@link melscaleFbanks}, named like `torchaudio.functional.melscale_fbanks`. */
export interface MelscaleFbanksOptions {
  /** Number of STFT frequency bins, `nFft / 2 + 1`. */
  nFreqs: number;
  /** Lowest frequency (Hz), default 0. */
  fMin?: number;
  /** Highest frequency (Hz), default `sampleRate / 2`. */
  fMax?: number;
  /** Number of mel bands. */
  nMels: number;
  /** Sample rate (Hz). */
  sampleRate: number;
  /** `'slaney'`: divide each triangle by its width in Hz (area normalisation); default none. */
  norm?: 'slaney' | null;
  /** Mel scale, default `'htk'`. */
  melScale?: MelScale;
}

const f32 = Math.fround;

/**
 * Triangular mel filter bank like `torchaudio.functional.melscale_fbanks` (librosa-compatible weights), as a
 * row-major `[nFreqs, nMels]` matrix: a power spectrogram row times it gives mel energies. The arithmetic is
 * rounded to float32 step by step the way torch computes it, so weights agree with torchaudio to ~1 ulp.
 */
export function melscaleFbanks(options: MelscaleFbanksOptions): Float32Array {
  const { nFreqs, nMels, sampleRate } = options;
  assertInt('nFreqs', nFreqs, 1);
  assertInt('nMels', nMels, 1);
  assertNumber('sampleRate', sampleRate, Number.MIN_VALUE);
  const fMin = options.fMin ?? 0;
  const fMax = options.fMax ?? Math.floor(sampleRate / 2);
  assertNumber('fMin', fMin, 0);
  assertNumber('fMax', fMax, 0);
  if (!(fMin < fMax)) throw new FeatureOptionError('fMin', fMin, `a frequency below fMax (${fMax} Hz)`);
  const melScale = options.melScale ?? 'htk';
  assertOneOf('melScale', melScale, MEL_SCALES);
  const norm = options.norm ?? null;
  if (norm !== null) assertOneOf('norm', norm, ['slaney'] as const);

  const allFreqs = linspaceF32(0, Math.floor(sampleRate / 2), nFreqs);
  const mPts = linspaceF32(hzToMel(fMin, melScale), hzToMel(fMax, melScale), nMels + 2);
  const fPts = new Float32Array(nMels + 2);
  for (let i = 0; i < fPts.length; i++) fPts[i] = melToHzF32(mPts[i]!, melScale);
  const fDiff = new Float32Array(nMels + 1);
  for (let i = 0; i < fDiff.length; i++) fDiff[i] = f32(fPts[i + 1]! - fPts[i]!);

  const fb = new Float32Array(nFreqs * nMels);
  for (let f = 0; f < nFreqs; f++) {
    const freq = allFreqs[f]!;
    for (let m = 0; m < nMels; m++) {
      const down = f32(f32(-f32(fPts[m]! - freq)) / fDiff[m]!);
      const up = f32(f32(fPts[m + 2]! - freq) / fDiff[m + 1]!);
      let w = Math.max(0, Math.min(down, up));
      if (norm === 'slaney') w = f32(w * f32(2 / f32(fPts[m + 2]! - fPts[m]!)));
      fb[f * nMels + m] = w;
    }
  }
  return fb;
}

/** `torch.linspace(start, end, steps)` in float32, with torch's two-sided formula. */
export function linspaceF32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  if (steps === 1) {
    out[0] = start;
    return out;
  }
  const s = f32(start);
  const e = f32(end);
  const step = f32(f32(e - s) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) out[i] = i < halfway ? f32(s + f32(step * i)) : f32(e - f32(step * (steps - i - 1)));
  return out;
}

function melToHzF32(mel: number, melScale: MelScale): number {
  if (melScale === 'htk') return f32(700 * f32(f32(Math.pow(10, f32(mel / 2595))) - 1));
  if (mel >= MIN_LOG_MEL) return f32(MIN_LOG_HZ * f32(Math.exp(f32(f32(LOGSTEP) * f32(mel - f32(MIN_LOG_MEL))))));
  return f32(f32(F_SP) * mel);
}
