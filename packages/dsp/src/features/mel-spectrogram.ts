import type { FeatureMatrix } from './feature-matrix.js';
import { melscaleFbanks, type MelScale } from './mel-scale.js';
import { spectrogram, type SpectrogramOptions } from './spectrogram.js';
import { assertRate } from './validate.js';

/** Options of {@link melSpectrogram}, like `torchaudio.transforms.MelSpectrogram`. */
export interface MelSpectrogramOptions extends SpectrogramOptions {
  /** Sample rate (Hz), default 16000. */
  sampleRate?: number;
  /** Lowest mel frequency (Hz), default 0. */
  fMin?: number;
  /** Highest mel frequency (Hz), default `floor(sampleRate / 2)`. */
  fMax?: number;
  /** Number of mel bands, default 128. */
  nMels?: number;
  /** `'slaney'` area normalisation of the triangles, default none. */
  norm?: 'slaney' | null;
  /** Mel scale, default `'htk'`. */
  melScale?: MelScale;
}

/**
 * Mel spectrogram like `torchaudio.transforms.MelSpectrogram` (defaults: 16 kHz, nFft 400, hop 200, periodic
 * hann, power 2, 128 HTK mel bands without norm), time-major `[frames, nMels]`.
 */
export function melSpectrogram(waveform: Float32Array, options: MelSpectrogramOptions = {}): FeatureMatrix {
  const sampleRate = options.sampleRate ?? 16000;
  assertRate(sampleRate, 'sampleRate');
  const nFft = options.nFft ?? 400;
  const spec = spectrogram(waveform, { ...options, nFft });
  const nMels = options.nMels ?? 128;
  return applyFilterBank(spec, melFilterBankFor(options, sampleRate, spec.numBins), nMels);
}

/** The `[nFreqs, nMels]` filter bank of {@link MelSpectrogramOptions} (torchaudio's defaults applied). */
export function melFilterBankFor(options: MelSpectrogramOptions, sampleRate: number, nFreqs: number): Float32Array {
  return melscaleFbanks({
    nFreqs,
    fMin: options.fMin ?? 0,
    fMax: options.fMax ?? Math.floor(sampleRate / 2),
    nMels: options.nMels ?? 128,
    sampleRate,
    norm: options.norm ?? null,
    melScale: options.melScale ?? 'htk',
  });
}

/** `[frames, nFreqs] x [nFreqs, nOut]` product of a spectrogram and a filter bank (or any matrix). */
export function applyFilterBank(spec: FeatureMatrix, fb: Float32Array, nOut: number): FeatureMatrix {
  const { numFrames, numBins } = spec;
  const out = new Float32Array(numFrames * nOut);
  const acc = new Float64Array(nOut);
  for (let t = 0; t < numFrames; t++) {
    acc.fill(0);
    const row = t * numBins;
    for (let f = 0; f < numBins; f++) {
      const v = spec.data[row + f]!;
      if (v === 0) continue;
      const w = f * nOut;
      for (let m = 0; m < nOut; m++) acc[m] = acc[m]! + v * fb[w + m]!;
    }
    out.set(acc, t * nOut);
  }
  return { data: out, numFrames, numBins: nOut };
}
