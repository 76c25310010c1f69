import type { FeatureMatrix } from './feature-matrix.js';
import { padSignal } from './frame.js';
import { resolveStft, stft, type ResolvedStft, type StftOptions } from './stft.js';
import { assertInt, assertNumber, assertOneOf } from './validate.js';

/** How {@link spectrogram} normalises: torchaudio's `normalized` (`true` means `'window'`). */
export type SpectrogramNormalization = boolean | 'window' | 'frame_length';

/** Options of {@link spectrogram}, like `torchaudio.transforms.Spectrogram`. */
export interface SpectrogramOptions extends Omit<StftOptions, 'nFft' | 'normalized'> {
  /** FFT size, default 400 (torchaudio). */
  nFft?: number;
  /** Zero samples added on both sides before the STFT (torchaudio `pad`), default 0. */
  pad?: number;
  /** Exponent of the magnitude: 2 power spectrogram (default), 1 magnitude, any positive number. */
  power?: number;
  /**
   * `'window'` (or `true`): divide by the window's L2 norm; `'frame_length'`: divide by `sqrt(nFft)`
   * (torch.stft's normalisation); `false` (default): none.
   */
  normalized?: SpectrogramNormalization;
}

/**
 * Magnitude or power spectrogram like `torchaudio.functional.spectrogram` / `transforms.Spectrogram`
 * (defaults: nFft 400, winLength nFft, hopLength winLength / 2, periodic hann, power 2, centred with reflect
 * padding), time-major: `[frames, nFft / 2 + 1]`.
 */
export function spectrogram(waveform: Float32Array, options: SpectrogramOptions = {}): FeatureMatrix {
  const r = resolveSpectrogram(options);
  const padded = r.pad > 0 ? padSignal(waveform, r.pad, r.pad, 'constant') : waveform;
  const spec = stft(padded, r.stft);
  const data = new Float32Array(spec.re.length);
  for (let i = 0; i < data.length; i++) {
    const re = spec.re[i]! * r.scale;
    const im = spec.im[i]! * r.scale;
    const p2 = re * re + im * im;
    data[i] = r.power === 2 ? p2 : r.power === 1 ? Math.sqrt(p2) : Math.pow(p2, r.power / 2);
  }
  return { data, numFrames: spec.numFrames, numBins: spec.numBins };
}

/** {@link SpectrogramOptions} with torchaudio's defaults applied and validated, shared with the tensor path. */
export interface ResolvedSpectrogram {
  /** The STFT options (torch.stft's `normalized` set for `'frame_length'`). */
  stft: StftOptions;
  /** Resolved STFT settings (window padded to nFft, hop, centring). */
  resolved: ResolvedStft;
  power: number;
  pad: number;
  /** Extra factor on the spectrum: `1 / ||window||` for `'window'` normalisation, else 1. */
  scale: number;
}

/** Applies the defaults of {@link spectrogram} and validates the options. */
export function resolveSpectrogram(options: SpectrogramOptions): ResolvedSpectrogram {
  const nFft = options.nFft ?? 400;
  const winLength = options.winLength ?? nFft;
  const power = options.power ?? 2;
  assertNumber('power', power, Number.MIN_VALUE);
  const pad = options.pad ?? 0;
  assertInt('pad', pad, 0);
  const normalized = options.normalized ?? false;
  if (typeof normalized !== 'boolean') assertOneOf('normalized', normalized, ['window', 'frame_length'] as const);
  const stftOptions: StftOptions = {
    ...options,
    nFft,
    winLength,
    hopLength: options.hopLength ?? Math.floor(winLength / 2),
    normalized: normalized === 'frame_length',
  };
  const resolved = resolveStft(stftOptions);
  let scale = 1;
  if (normalized === true || normalized === 'window') {
    let energy = 0;
    for (const w of resolved.window) energy += w * w;
    scale = 1 / Math.sqrt(energy);
  }
  return { stft: stftOptions, resolved, power, pad, scale };
}
