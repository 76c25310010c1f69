import { createDct } from './dct.js';
import { FeatureOptionError } from './errors.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { amplitudeToDB, logMel } from './log-scale.js';
import { applyFilterBank, melSpectrogram, type MelSpectrogramOptions } from './mel-spectrogram.js';
import { assertInt } from './validate.js';

/** Options of {@link mfcc}, like `torchaudio.transforms.MFCC`. */
export interface MfccOptions {
  /** Sample rate (Hz), default 16000. */
  sampleRate?: number;
  /** Number of coefficients kept, default 40. */
  nMfcc?: number;
  /** DCT type; only 2 (torchaudio supports only 2). */
  dctType?: 2;
  /** DCT normalisation, default `'ortho'`. */
  norm?: 'ortho' | null;
  /** `true`: natural log `log(mel + 1e-6)`; `false` (default): decibels with `topDb` 80. */
  logMels?: boolean;
  /** Options of the mel spectrogram (torchaudio `melkwargs`); `sampleRate` comes from above. */
  melkwargs?: Omit<MelSpectrogramOptions, 'sampleRate'>;
}

/**
 * Mel-frequency cepstral coefficients like `torchaudio.transforms.MFCC`: mel spectrogram, then decibels
 * (`amplitude_to_DB`, power, top_db 80) or `log(x + 1e-6)`, then a DCT-II. Time-major `[frames, nMfcc]`.
 */
export function mfcc(waveform: Float32Array, options: MfccOptions = {}): FeatureMatrix {
  const nMfcc = options.nMfcc ?? 40;
  assertInt('nMfcc', nMfcc, 1);
  if ((options.dctType ?? 2) !== 2) throw new FeatureOptionError('dctType', options.dctType, '2 (the only DCT type torchaudio supports)');
  const mel = melSpectrogram(waveform, { ...options.melkwargs, sampleRate: options.sampleRate ?? 16000 });
  if (nMfcc > mel.numBins) {
    throw new FeatureOptionError('nMfcc', nMfcc, `at most the number of mel bands (${mel.numBins})`, 'Raise melkwargs.nMels or lower nMfcc.');
  }
  const logSpec = options.logMels === true ? logMel(mel, { offset: 1e-6, floor: Number.MIN_VALUE }) : amplitudeToDB(mel, { stype: 'power', topDb: 80 });
  return applyFilterBank(logSpec, createDct(nMfcc, mel.numBins, options.norm === undefined ? 'ortho' : options.norm), nMfcc);
}
