/**
 * @spectromix/dsp: audio decoding, resampling and spectrogram features with torchaudio parity.
 * Pure functions over typed arrays.
 * @packageDocumentation
 */
export * from './audio/index.js';
export * from './features/index.js';
