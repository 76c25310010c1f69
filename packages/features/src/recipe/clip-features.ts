import { astFbank, decodeAudio, mixdown, normalizeFbank, padOrCrop, resample, type FeatureMatrix } from '@spectromix/dsp';
import { FeatureInputError } from '../errors.js';
import type { FeatureSettings } from './settings.js';

/**
 * Step 1-2 of the recipe: decodes an audio file's bytes (WAV, FLAC, Ogg Opus, Ogg Vorbis, MP3), mixes it to mono
 * (channel mean) and resamples it to the model's rate (`torchaudio.functional.resample`'s defaults).
 * @throws the `DspError`s of `@spectromix/dsp` for bytes that are not audio.
 */
export async function decodeClip(bytes: Uint8Array, sampleRate: number): Promise<Float32Array> {
  const decoded = await decodeAudio(bytes);
  const mono = mixdown(decoded.channelData);
  return decoded.sampleRate === sampleRate ? mono : resample(mono, decoded.sampleRate, sampleRate);
}

/**
 * Step 3-4: the AST fbank of a mono clip at the model's rate (clip mean removed, 128 mel bins), zero-padded or
 * cut at the end to `targetLength` frames. Returns the padded `[targetLength, 128]` values and the unpadded fbank
 * (for display).
 */
export function paddedFbank(waveform: Float32Array, settings: Pick<FeatureSettings, 'sampleRate' | 'targetLength'>): { padded: Float32Array; fbank: FeatureMatrix } {
  const fbank = astFbank(waveform, settings.sampleRate);
  return { padded: padOrCrop(fbank, settings.targetLength).data, fbank };
}

/**
 * Step 5: `(x - mean) / (2 std)` with the training set's statistics, into a new array. Takes a padded fbank
 * `[targetLength, bins]` (from {@link paddedFbank}, or a feature cache row).
 * @throws FeatureInputError when the length is not `targetLength * bins`.
 */
export function normalizeClip(padded: Float32Array, settings: Pick<FeatureSettings, 'targetLength' | 'numMelBins' | 'mean' | 'std'>): Float32Array {
  const size = settings.targetLength * settings.numMelBins;
  if (padded.length !== size) throw new FeatureInputError(`normalizeClip: expected ${settings.targetLength} x ${settings.numMelBins} = ${size} values, got ${padded.length}; pad or crop the fbank first.`);
  return normalizeFbank({ data: padded, numFrames: settings.targetLength, numBins: settings.numMelBins }, settings.mean, settings.std).data;
}

/** Steps 1-5 for one clip's samples: the normalised padded fbank (before any speaker step) and the fbank for display. */
export function clipFeatures(waveform: Float32Array, settings: FeatureSettings): { normalized: Float32Array; spectrogram: FeatureMatrix } {
  const { padded, fbank } = paddedFbank(waveform, settings);
  return { normalized: normalizeClip(padded, settings), spectrogram: fbank };
}
