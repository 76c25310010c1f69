import { warpTime, type FeatureMatrix } from '@spectromix/dsp';
import { FeatureInputError } from '../errors.js';
import { clipFeatures } from './clip-features.js';
import { needsSpeaker, paddingValue, type FeatureSettings } from './settings.js';
import { isPaddingRow, rateFactor, SpeakerStats, type SpeakerProfile } from './speaker-stats.js';

/** What the speaker steps read of the settings: the shape, the normalisation statistics and the two speaker options. */
export type SpeakerSettings = Pick<FeatureSettings, 'targetLength' | 'numMelBins' | 'mean' | 'std' | 'speakerNormalization' | 'speakerRate'>;

/**
 * Steps 6-7 of the recipe, in place on one normalised clip `[targetLength, bins]`: when the model was trained with
 * `speakerRate`, the clip is scaled in time by its speaker's factor (`rateFactor`; linear interpolation, padding
 * pulled in); then, with `speakerNormalization: 'mean-per-bin'`, the speaker's mean of each bin is subtracted from
 * every non-padding frame. Nothing happens for a model without speaker normalisation.
 * @param scratch at least `targetLength * bins` values of working memory (allocated when absent).
 * @throws FeatureInputError when the settings need a speaker and no profile is given.
 */
export function applySpeaker(x: Float32Array, settings: SpeakerSettings, profile: SpeakerProfile | undefined, scratch?: Float32Array): void {
  if (!needsSpeaker(settings)) return;
  if (profile == null) throw new FeatureInputError('this model normalises per speaker (speakerNormalization or speakerRate in its manifest); pass the speaker\'s statistics (SpeakerStats).');
  const frames = settings.targetLength;
  const bins = settings.numMelBins;
  const floor = paddingValue(settings);
  if (settings.speakerRate !== 'none') warpTime(x, scratch ?? new Float32Array(frames * bins), frames, bins, rateFactor(profile, settings.speakerRate.targetFrames), 0, floor);
  if (settings.speakerNormalization === 'mean-per-bin') {
    const m = profile.binMeans;
    for (let t = 0; t < frames; t++) {
      const o = t * bins;
      if (isPaddingRow(x, o, bins, floor)) continue;
      for (let f = 0; f < bins; f++) x[o + f] = (x[o + f] as number) - (m[f] as number);
    }
  }
}

/** The model input of one clip and the spectrogram it came from. */
export interface ModelInput {
  /** The model's input `[targetLength, numMelBins]` (row-major), one example of its `[B, T, 128]` input. */
  readonly input: Float32Array;
  /** The log-mel fbank of the audio before padding and normalisation (for display), `[frames, bins]`. */
  readonly spectrogram: FeatureMatrix;
}

/**
 * The whole recipe for one clip classified on its own (live serving): fbank, pad/crop, normalise, then, for a
 * model with per-speaker normalisation, the clip is added to `speaker` first and the speaker's statistics so far
 * (this clip included) are applied.
 * @param waveform mono samples at `settings.sampleRate` ({@link decodeClip}).
 * @throws FeatureInputError when the model normalises per speaker and no `speaker` is given.
 */
export function modelInput(waveform: Float32Array, settings: FeatureSettings, speaker?: SpeakerStats): ModelInput {
  const { normalized, spectrogram } = clipFeatures(waveform, settings);
  if (needsSpeaker(settings)) {
    if (speaker == null) throw new FeatureInputError('modelInput: this model normalises per speaker; pass the SpeakerStats of the speaker.');
    speaker.addClip(normalized);
    applySpeaker(normalized, settings, speaker.profile());
  }
  return { input: normalized, spectrogram };
}

/**
 * Steps 6-7 for a group of normalised clips taken as one speaker's recordings (batch serving, `spectromix predict`):
 * the speaker's statistics come from every clip of the group, then apply to each, in place.
 */
export function applyGroupSpeaker(clips: readonly Float32Array[], settings: FeatureSettings): void {
  if (!needsSpeaker(settings) || clips.length === 0) return;
  const stats = new SpeakerStats(settings);
  for (const clip of clips) stats.addClip(clip);
  const profile = stats.profile();
  const scratch = new Float32Array(settings.targetLength * settings.numMelBins);
  for (const clip of clips) applySpeaker(clip, settings, profile, scratch);
}
