import type { ComplexSpectrogram } from './feature-matrix.js';
import { RealFft } from './fft.js';
import { numFrames, padSignal, PAD_MODES, type PadMode } from './frame.js';
import { FeatureOptionError } from './errors.js';
import { assertInt, assertOneOf, assertWaveform } from './validate.js';
import { getWindow, WINDOW_NAMES, type WindowName } from './window.js';

/** Options of {@link stft}, named like `torch.stft` / `librosa.stft`. */
export interface StftOptions {
  /** FFT size; the output has `nFft / 2 + 1` bins (floor). */
  nFft: number;
  /** Samples between frame starts; default `floor(winLength / 4)` (torch and librosa). */
  hopLength?: number;
  /** Window length, `<= nFft`; the window is zero-padded on both sides to `nFft` (centred). Default `nFft`. */
  winLength?: number;
  /**
   * The window: a name (periodic, as `torch.hann_window(winLength)`) or the values themselves
   * (`winLength` long). Default `'hann'` like librosa; note that `torch.stft` without a window uses ones
   * (`'rectangular'`).
   */
  window?: WindowName | Float32Array;
  /** Pad `nFft / 2` samples on both sides so frame `t` is centred at `t * hopLength`. Default true. */
  center?: boolean;
  /** How to pad when `center`; default `'reflect'`. */
  padMode?: PadMode;
  /** Multiply by `nFft^-0.5` (torch `normalized=True`). Default false. */
  normalized?: boolean;
}

/** Options after defaults and validation, shared by the reference and tensor paths. */
export interface ResolvedStft {
  nFft: number;
  hopLength: number;
  winLength: number;
  /** The window zero-padded (centred) to `nFft` samples. */
  window: Float32Array;
  center: boolean;
  padMode: PadMode;
  normalized: boolean;
}

/** Applies defaults to {@link StftOptions} and validates them. */
export function resolveStft(options: StftOptions): ResolvedStft {
  const { nFft } = options;
  assertInt('nFft', nFft, 1);
  const winLength = options.winLength ?? nFft;
  assertInt('winLength', winLength, 1, nFft);
  const hopLength = options.hopLength ?? Math.floor(winLength / 4);
  assertInt('hopLength', hopLength, 1);
  const padMode = options.padMode ?? 'reflect';
  assertOneOf('padMode', padMode, PAD_MODES);
  let win: Float32Array;
  if (options.window instanceof Float32Array) {
    if (options.window.length !== winLength) {
      throw new FeatureOptionError('window', `a Float32Array of length ${options.window.length}`, `${winLength} values (winLength)`);
    }
    win = options.window;
  } else {
    const name = options.window ?? 'hann';
    assertOneOf('window', name, WINDOW_NAMES);
    win = getWindow(name, winLength, { periodic: true });
  }
  const window = new Float32Array(nFft);
  window.set(win, (nFft - winLength) >> 1);
  return { nFft, hopLength, winLength, window, center: options.center ?? true, padMode, normalized: options.normalized ?? false };
}

/**
 * Pads (when centring) and frames a waveform for an STFT: returns the padded signal and the frame count.
 * Throws when the (padded) signal is shorter than one FFT frame, like torch.
 */
export function stftFrames(waveform: Float32Array, r: ResolvedStft, where: string): { padded: Float32Array; numFrames: number } {
  assertWaveform(waveform, where);
  const pad = r.nFft >> 1;
  const padded = r.center ? padSignal(waveform, pad, pad, r.padMode) : waveform;
  const count = numFrames(padded.length, r.nFft, r.hopLength);
  if (count === 0) {
    throw new FeatureOptionError(
      'nFft',
      r.nFft,
      `at most the ${r.center ? 'padded ' : ''}signal length ${padded.length}`,
      'Use a shorter nFft or center: true, or pad the signal.',
    );
  }
  return { padded, numFrames: count };
}

/**
 * Short-time Fourier transform of a real waveform, one-sided, like `torch.stft(..., return_complex=True)`
 * and `librosa.stft`, but time-major: the result is `[frames, nFft / 2 + 1]`.
 */
export function stft(waveform: Float32Array, options: StftOptions): ComplexSpectrogram {
  const r = resolveStft(options);
  const { padded, numFrames: count } = stftFrames(waveform, r, 'stft');
  const fft = new RealFft(r.nFft);
  const bins = fft.numBins;
  const re = new Float32Array(count * bins);
  const im = new Float32Array(count * bins);
  const frame = new Float64Array(r.nFft);
  const outRe = new Float64Array(bins);
  const outIm = new Float64Array(bins);
  const scale = r.normalized ? 1 / Math.sqrt(r.nFft) : 1;
  for (let t = 0; t < count; t++) {
    const start = t * r.hopLength;
    for (let i = 0; i < r.nFft; i++) frame[i] = padded[start + i]! * r.window[i]!;
    fft.forward(frame, outRe, outIm);
    const o = t * bins;
    for (let k = 0; k < bins; k++) {
      re[o + k] = outRe[k]! * scale;
      im[o + k] = outIm[k]! * scale;
    }
  }
  return { re, im, numFrames: count, numBins: bins };
}
