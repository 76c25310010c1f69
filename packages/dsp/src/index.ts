/**
 * @spectromix/dsp: audio decoding, resampling and spectrogram features with torchaudio parity.
 * Pure functions over typed arrays (the reference path) and batched tensor ops (the tensor path).
 * @packageDocumentation
 */
export * from './audio/index.js';
export * from './features/index.js';
