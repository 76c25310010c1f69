export * from './errors.js';
export type { AudioBytes } from './bytes.js';
export type { DecodedAudio } from './decoded-audio.js';
export { decodeAudio, type DecodeAudioOptions } from './decode-audio.js';
export { sniffAudioContainer, type AudioContainer } from './sniff.js';
export { resealOggPages } from './ogg.js';
export { readWav, type ReadWavOptions, type WavAudio } from './wav-read.js';
export { WAVE_FORMAT, type WavFormat, type WavSampleEncoding } from './wav-format.js';
export { encodeWav, type EncodeWavOptions, type WavEncoding } from './wav-write.js';
export { mixdown } from './mixdown.js';
export { speedPerturb, SPEED_FACTOR_RANGE } from './speed-perturb.js';
export {
  resample,
  RESAMPLE_QUALITY_WIDTHS,
  type ResampleOptions,
  type ResampleQuality,
  type ResamplingMethod,
} from './resample.js';
