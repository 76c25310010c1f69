import type { SeededRng } from '@spectromix/tensor';
import { FeatureOptionError } from './errors.js';
import { assertInt, assertNumber, assertOneOf, assertRate } from './validate.js';
import { VTLP_HIGH_FREQ } from './vtlp.js';

/** Kaldi window types (`torchaudio.compliance.kaldi` spelling). */
export type KaldiWindowType = 'hanning' | 'hamming' | 'povey' | 'rectangular' | 'blackman';

/** Window types accepted by {@link kaldiFbank}. */
export const KALDI_WINDOW_TYPES: readonly KaldiWindowType[] = ['hanning', 'hamming', 'povey', 'rectangular', 'blackman'];

/**
 * Options of {@link kaldiFbank}: the arguments of `torchaudio.compliance.kaldi.fbank` in camelCase, with the
 * same defaults (note: Kaldi's povey window and 23 bins are the defaults, not AST's settings; see
 * {@link astFbank}).
 */
export interface KaldiFbankOptions {
  /** Generalised Blackman window coefficient, default 0.42. */
  blackmanCoeff?: number;
  /** Dithering constant: Gaussian noise of this standard deviation is added to every frame; default 0 (off). */
  dither?: number;
  /** Random source of the dither noise; default `new SeededRng(0)` on each call (reproducible). */
  rng?: SeededRng;
  /** Floor on the log energy (absolute, not log), 0 for none; default 1. */
  energyFloor?: number;
  /** Frame length in milliseconds, default 25. */
  frameLength?: number;
  /** Frame shift in milliseconds, default 10. */
  frameShift?: number;
  /** High cutoff of the mel bins in Hz; `<= 0` means an offset from Nyquist. Default 0 (Nyquist). */
  highFreq?: number;
  /** With `useEnergy`, put the energy last instead of first. Default false. */
  htkCompat?: boolean;
  /** Low cutoff of the mel bins in Hz, default 20. */
  lowFreq?: number;
  /** Minimum duration in seconds; shorter waveforms give zero frames. Default 0. */
  minDuration?: number;
  /** Number of triangular mel bins, default 23 (torchaudio requires more than 3; any count >= 1 works here). */
  numMelBins?: number;
  /** Pre-emphasis coefficient in [0, 1], default 0.97. */
  preemphasisCoefficient?: number;
  /** Compute the energy before pre-emphasis and windowing, default true. */
  rawEnergy?: boolean;
  /** Subtract each frame's mean, default true. */
  removeDcOffset?: boolean;
  /** Zero-pad frames to the next power of two for the FFT, default true. */
  roundToPowerOfTwo?: boolean;
  /** Sample rate of the waveform in Hz, default 16000. */
  sampleFrequency?: number;
  /**
   * true (default): only frames that fit wholly in the signal (`1 + (n - size) / shift` of them, zero when the
   * signal is shorter than one frame). false: `round(n / shift)` frames with the signal mirrored at the ends.
   */
  snipEdges?: boolean;
  /** Subtract the mean of each feature column over the utterance, default false. */
  subtractMean?: boolean;
  /** Add the log energy as an extra column, default false. */
  useEnergy?: boolean;
  /** Natural log of the mel energies (floored at float32 epsilon), default true. */
  useLogFbank?: boolean;
  /** Power spectrum (true, default) or magnitude spectrum (false). */
  usePower?: boolean;
  /** High inflection point of the VTLN warp in Hz (negative: offset from Nyquist), default -500. */
  vtlnHigh?: number;
  /** Low inflection point of the VTLN warp in Hz, default 100. */
  vtlnLow?: number;
  /** VTLN warp factor, default 1 (no warping). */
  vtlnWarp?: number;
  /** Window type, default `'povey'`. */
  windowType?: KaldiWindowType;
  /**
   * Vocal-tract-length perturbation (Jaitly & Hinton 2013; not a torchaudio option): the warp factor `alpha` of
   * `vtlpWarpFreq`, applied to the power spectrum's frequency axis before the mel bins (each FFT bin feeds the
   * triangles at its warped frequency). Default 1 (off). A training augmentation; not combinable with `vtlnWarp`.
   */
  vtlpAlpha?: number;
  /** VTLP boundary frequency `F_hi` in Hz, default 4800 (the paper's); must lie below Nyquist. */
  vtlpHighFreq?: number;
}

/** {@link KaldiFbankOptions} with every default applied, validated, and the derived frame sizes. */
export interface ResolvedKaldiFbank extends Required<Omit<KaldiFbankOptions, 'rng'>> {
  /** Samples between frame starts. */
  windowShift: number;
  /** Samples per frame. */
  windowSize: number;
  /** FFT size (the frame zero-padded). */
  paddedWindowSize: number;
  /** `highFreq` resolved to an absolute frequency. */
  highFreqHz: number;
  /** `vtlnHigh` resolved to an absolute frequency. */
  vtlnHighHz: number;
}

/** Applies the torchaudio defaults to {@link KaldiFbankOptions} and validates them (typed errors). */
export function resolveKaldiFbank(options: KaldiFbankOptions): ResolvedKaldiFbank {
  const o = {
    blackmanCoeff: options.blackmanCoeff ?? 0.42,
    dither: options.dither ?? 0,
    energyFloor: options.energyFloor ?? 1,
    frameLength: options.frameLength ?? 25,
    frameShift: options.frameShift ?? 10,
    highFreq: options.highFreq ?? 0,
    htkCompat: options.htkCompat ?? false,
    lowFreq: options.lowFreq ?? 20,
    minDuration: options.minDuration ?? 0,
    numMelBins: options.numMelBins ?? 23,
    preemphasisCoefficient: options.preemphasisCoefficient ?? 0.97,
    rawEnergy: options.rawEnergy ?? true,
    removeDcOffset: options.removeDcOffset ?? true,
    roundToPowerOfTwo: options.roundToPowerOfTwo ?? true,
    sampleFrequency: options.sampleFrequency ?? 16000,
    snipEdges: options.snipEdges ?? true,
    subtractMean: options.subtractMean ?? false,
    useEnergy: options.useEnergy ?? false,
    useLogFbank: options.useLogFbank ?? true,
    usePower: options.usePower ?? true,
    vtlnHigh: options.vtlnHigh ?? -500,
    vtlnLow: options.vtlnLow ?? 100,
    vtlnWarp: options.vtlnWarp ?? 1,
    windowType: options.windowType ?? 'povey',
    vtlpAlpha: options.vtlpAlpha ?? 1,
    vtlpHighFreq: options.vtlpHighFreq ?? VTLP_HIGH_FREQ,
  };
  assertRate(o.sampleFrequency, 'sampleFrequency');
  assertNumber('blackmanCoeff', o.blackmanCoeff);
  assertNumber('dither', o.dither, 0);
  assertNumber('energyFloor', o.energyFloor, 0);
  assertNumber('frameLength', o.frameLength, Number.MIN_VALUE);
  assertNumber('frameShift', o.frameShift, Number.MIN_VALUE);
  assertNumber('minDuration', o.minDuration, 0);
  assertInt('numMelBins', o.numMelBins, 1);
  assertNumber('preemphasisCoefficient', o.preemphasisCoefficient, 0, 1);
  assertNumber('vtlnWarp', o.vtlnWarp, Number.MIN_VALUE);
  assertNumber('vtlnLow', o.vtlnLow);
  assertNumber('vtlnHigh', o.vtlnHigh);
  assertOneOf('windowType', o.windowType, KALDI_WINDOW_TYPES);
  for (const flag of ['htkCompat', 'rawEnergy', 'removeDcOffset', 'roundToPowerOfTwo', 'snipEdges', 'subtractMean', 'useEnergy', 'useLogFbank', 'usePower'] as const) {
    if (typeof o[flag] !== 'boolean') throw new FeatureOptionError(flag, o[flag], 'a boolean');
  }

  // Same integer truncation as torchaudio (and Kaldi): int(sample_frequency * frame_length * 0.001).
  const windowShift = Math.trunc(o.sampleFrequency * o.frameShift * 0.001);
  const windowSize = Math.trunc(o.sampleFrequency * o.frameLength * 0.001);
  if (windowSize < 2) {
    throw new FeatureOptionError('frameLength', o.frameLength, `a length of at least 2 samples (got ${windowSize} at ${o.sampleFrequency} Hz)`);
  }
  if (windowShift < 1) {
    throw new FeatureOptionError('frameShift', o.frameShift, `a shift of at least 1 sample (got ${windowShift} at ${o.sampleFrequency} Hz)`);
  }
  const paddedWindowSize = o.roundToPowerOfTwo ? nextPowerOfTwo(windowSize) : windowSize;
  if (paddedWindowSize % 2 !== 0) {
    throw new FeatureOptionError(
      'frameLength',
      o.frameLength,
      `an even number of samples per frame when roundToPowerOfTwo is false (got ${windowSize})`,
      'Set roundToPowerOfTwo: true or change frameLength.',
    );
  }
  const nyquist = 0.5 * o.sampleFrequency;
  const highFreqHz = o.highFreq <= 0 ? o.highFreq + nyquist : o.highFreq;
  assertNumber('lowFreq', o.lowFreq);
  assertNumber('highFreq', o.highFreq);
  if (!(o.lowFreq >= 0 && o.lowFreq < nyquist)) {
    throw new FeatureOptionError('lowFreq', o.lowFreq, `a frequency in [0, ${nyquist}) Hz (below Nyquist)`);
  }
  if (!(highFreqHz > 0 && highFreqHz <= nyquist)) {
    throw new FeatureOptionError('highFreq', o.highFreq, `a frequency in (0, ${nyquist}] Hz, or an offset in (-${nyquist}, 0] from Nyquist`);
  }
  if (!(o.lowFreq < highFreqHz)) {
    throw new FeatureOptionError('lowFreq', o.lowFreq, `a frequency below highFreq (${highFreqHz} Hz)`, 'Lower lowFreq or raise highFreq.');
  }
  assertNumber('vtlpAlpha', o.vtlpAlpha, 0.5, 2);
  assertNumber('vtlpHighFreq', o.vtlpHighFreq, Number.MIN_VALUE);
  if (o.vtlpAlpha !== 1) {
    if (!(o.vtlpHighFreq < nyquist)) throw new FeatureOptionError('vtlpHighFreq', o.vtlpHighFreq, `a boundary frequency below Nyquist (${nyquist} Hz)`);
    if (o.vtlnWarp !== 1) throw new FeatureOptionError('vtlpAlpha', o.vtlpAlpha, '1 when vtlnWarp is set (VTLN and VTLP warp the same axis; use one)');
  }
  const vtlnHighHz = o.vtlnHigh < 0 ? o.vtlnHigh + nyquist : o.vtlnHigh;
  if (o.vtlnWarp !== 1) {
    if (!(o.lowFreq < o.vtlnLow && o.vtlnLow < highFreqHz)) {
      throw new FeatureOptionError('vtlnLow', o.vtlnLow, `a frequency strictly between lowFreq (${o.lowFreq}) and highFreq (${highFreqHz}) Hz`);
    }
    if (!(vtlnHighHz > 0 && vtlnHighHz < highFreqHz && o.vtlnLow < vtlnHighHz)) {
      throw new FeatureOptionError('vtlnHigh', o.vtlnHigh, `a frequency above vtlnLow (${o.vtlnLow}) and below highFreq (${highFreqHz}) Hz (negative: offset from Nyquist)`);
    }
    const l = o.vtlnLow * Math.max(1, o.vtlnWarp);
    const h = vtlnHighHz * Math.min(1, o.vtlnWarp);
    if (!(l > o.lowFreq && h < highFreqHz)) {
      throw new FeatureOptionError('vtlnWarp', o.vtlnWarp, `a factor that keeps the warp's inflection points (${l}, ${h} Hz) inside (lowFreq, highFreq)`);
    }
  }
  return { ...o, windowShift, windowSize, paddedWindowSize, highFreqHz, vtlnHighHz };
}

/** Number of frames {@link kaldiFbank} produces for `numSamples` samples (torchaudio's `_get_strided`). */
export function kaldiNumFrames(numSamples: number, windowSize: number, windowShift: number, snipEdges: boolean): number {
  if (snipEdges) return numSamples < windowSize ? 0 : 1 + Math.floor((numSamples - windowSize) / windowShift);
  return Math.floor((numSamples + Math.floor(windowShift / 2)) / windowShift);
}

function nextPowerOfTwo(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}
