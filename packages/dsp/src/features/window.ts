import { assertInt, assertNumber, assertOneOf } from './validate.js';

/** Options shared by the window functions. */
export interface WindowOptions {
  /**
   * `true`: periodic window (for spectral analysis; the `windowLength + 1` symmetric window without its last
   * sample, torch's default). `false`: symmetric window (for filter design; what Kaldi uses).
   */
  periodic?: boolean;
}

/** Names accepted by {@link getWindow}. */
export type WindowName = 'hann' | 'hamming' | 'povey' | 'blackman' | 'rectangular';

/** Window names accepted by {@link getWindow}, for validation messages and UIs. */
export const WINDOW_NAMES: readonly WindowName[] = ['hann', 'hamming', 'povey', 'blackman', 'rectangular'];

/**
 * Generalised cosine window `a0 - a1 cos(2 pi n / (N - 1)) + a2 cos(4 pi n / (N - 1))`, N = length (+1 when
 * periodic), computed in float64 and returned as float32 (torch windows are float32).
 */
function cosineWindow(windowLength: number, periodic: boolean, a0: number, a1: number, a2: number, where: string): Float32Array {
  assertInt(`${where} windowLength`, windowLength, 0);
  const out = new Float32Array(windowLength);
  if (windowLength === 1) {
    out[0] = 1;
    return out;
  }
  const denom = periodic ? windowLength : windowLength - 1;
  for (let n = 0; n < windowLength; n++) {
    const phase = (2 * Math.PI * n) / denom;
    out[n] = a0 - a1 * Math.cos(phase) + a2 * Math.cos(2 * phase);
  }
  return out;
}

/** Hann window, like `torch.hann_window(windowLength, periodic)` (periodic by default). */
export function hannWindow(windowLength: number, options: WindowOptions = {}): Float32Array {
  return cosineWindow(windowLength, options.periodic ?? true, 0.5, 0.5, 0, 'hannWindow');
}

/** Options of {@link hammingWindow}. */
export interface HammingWindowOptions extends WindowOptions {
  /** Constant term (torch `alpha`), default 0.54. */
  alpha?: number;
  /** Cosine coefficient (torch `beta`), default 0.46. */
  beta?: number;
}

/** Hamming window, like `torch.hamming_window(windowLength, periodic, alpha, beta)` (periodic by default). */
export function hammingWindow(windowLength: number, options: HammingWindowOptions = {}): Float32Array {
  const alpha = options.alpha ?? 0.54;
  const beta = options.beta ?? 0.46;
  assertNumber('hammingWindow alpha', alpha);
  assertNumber('hammingWindow beta', beta);
  return cosineWindow(windowLength, options.periodic ?? true, alpha, beta, 0, 'hammingWindow');
}

/** Options of {@link blackmanWindow}. */
export interface BlackmanWindowOptions extends WindowOptions {
  /**
   * Kaldi's `blackman_coeff` a0 of the generalised Blackman window `a0 - 0.5 cos(x) + (0.5 - a0) cos(2x)`;
   * the default 0.42 gives the classic Blackman window of `torch.blackman_window`.
   */
  blackmanCoeff?: number;
}

/** Blackman window, like `torch.blackman_window(windowLength, periodic)` (periodic by default). */
export function blackmanWindow(windowLength: number, options: BlackmanWindowOptions = {}): Float32Array {
  const a0 = options.blackmanCoeff ?? 0.42;
  assertNumber('blackmanWindow blackmanCoeff', a0);
  return cosineWindow(windowLength, options.periodic ?? true, a0, 0.5, 0.5 - a0, 'blackmanWindow');
}

/**
 * Kaldi's "povey" window: a Hann window raised to the power 0.85 (it goes to zero at both edges). Symmetric by
 * default, as in Kaldi and `torchaudio.compliance.kaldi`.
 */
export function poveyWindow(windowLength: number, options: WindowOptions = {}): Float32Array {
  const hann = cosineWindow(windowLength, options.periodic ?? false, 0.5, 0.5, 0, 'poveyWindow');
  for (let n = 0; n < hann.length; n++) hann[n] = Math.pow(hann[n]!, 0.85);
  return hann;
}

/** Rectangular window (all ones), like `torch.ones(windowLength)`. */
export function rectangularWindow(windowLength: number): Float32Array {
  assertInt('rectangularWindow windowLength', windowLength, 0);
  return new Float32Array(windowLength).fill(1);
}

/**
 * A window by name, with the periodicity given (each window's own default when omitted: periodic for hann,
 * hamming and blackman like torch, symmetric for povey like Kaldi).
 */
export function getWindow(name: WindowName, windowLength: number, options: WindowOptions = {}): Float32Array {
  assertOneOf('window', name, WINDOW_NAMES);
  switch (name) {
    case 'hann':
      return hannWindow(windowLength, options);
    case 'hamming':
      return hammingWindow(windowLength, options);
    case 'povey':
      return poveyWindow(windowLength, options);
    case 'blackman':
      return blackmanWindow(windowLength, options);
    case 'rectangular':
      return rectangularWindow(windowLength);
  }
}
