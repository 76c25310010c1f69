/**
 * Spectrogram features with torchaudio parity, as pure functions over typed arrays, and feature pipeline
 * helpers.
 * @packageDocumentation
 */
export { FeatureError, FeatureOptionError, EmptyWaveformError, NonFiniteWaveformError } from './errors.js';
export type { FeatureMatrix, Fbank, ComplexSpectrogram } from './feature-matrix.js';
export {
  hannWindow,
  hammingWindow,
  blackmanWindow,
  poveyWindow,
  rectangularWindow,
  getWindow,
  WINDOW_NAMES,
  type WindowName,
  type WindowOptions,
  type HammingWindowOptions,
  type BlackmanWindowOptions,
} from './window.js';
export { ComplexFft, RealFft } from './fft.js';
export { complexPlan, executeInPlace, ComplexScratch, type ComplexPlan, type BluesteinPlan } from './fft-plan.js';
export { radices, nextSmooth, MAX_GENERIC_RADIX } from './fft-factor.js';
export { runStage, type Stage } from './fft-stages.js';
export { unitCircle } from './unit-circle.js';
export { padSignal, frameSignal, numFrames, PAD_MODES, type PadMode, type Frames } from './frame.js';
export { stft, type StftOptions } from './stft.js';
export { spectrogram, type SpectrogramOptions, type SpectrogramNormalization } from './spectrogram.js';
export { hzToMel, melToHz, melscaleFbanks, MEL_SCALES, type MelScale, type MelscaleFbanksOptions } from './mel-scale.js';
export { melSpectrogram, applyFilterBank, type MelSpectrogramOptions } from './mel-spectrogram.js';
export { amplitudeToDB, logMel, FLOAT32_EPSILON, type AmplitudeToDBOptions, type LogMelOptions } from './log-scale.js';
export { createDct } from './dct.js';
export { mfcc, type MfccOptions } from './mfcc.js';
export { KALDI_WINDOW_TYPES, kaldiNumFrames, type KaldiFbankOptions, type KaldiWindowType } from './kaldi-options.js';
export { kaldiMelBanks, kaldiMelScale, kaldiInverseMelScale, vtlnWarpFreq, vtlnWarpMelFreq, type KaldiMelBanksOptions } from './kaldi-mel-banks.js';
export { kaldiWindow } from './kaldi-window.js';
export { kaldiFbank } from './kaldi-fbank.js';
export { astFbank, AST_NUM_MEL_BINS, type AstFbankWarp } from './ast-fbank.js';
export { vtlpWarpFreq, VTLP_HIGH_FREQ } from './vtlp.js';
export { padOrCrop } from './pad-or-crop.js';
export { normalizeFbank, AST_SPEECH_COMMANDS_STATS, type FbankNormStats } from './normalize.js';
export { FbankStats, computeFbankStats, type FbankStatsResult } from './fbank-stats.js';
export { specAugment, drawMask, type SpecAugmentOptions, type MaskInterval } from './spec-augment.js';
export { timeRoll } from './time-roll.js';
export { activeFrames, warpTime, scaleToActiveFrames } from './speaking-rate.js';
export { addNoise, type AddNoiseOptions } from './add-noise.js';
