import { readFile } from 'node:fs/promises';
import { kaldiFbank, padOrCrop, speedPerturb } from '@spectromix/dsp';
import { decodeClip, NO_PERTURBATION, perturbedPaddedFbank, type paddedFbank } from '@spectromix/features';
import { ClipError } from '../errors.js';
import type { ResolvedFeatureSettings } from './settings.js';

/** One clip to turn into features: the fields of an AudioRecord the extraction needs. */
export interface ClipJob {
  /** Audio file. */
  path: string;
  /** Start of the clip in the file (seconds); the whole file when absent. */
  offsetSeconds?: number;
  /** Length of the clip (seconds), used with `offsetSeconds`. */
  durationSeconds?: number;
}

/**
 * Decodes a clip, mixes it to mono, resamples it to the settings' rate, computes its fbank and pads or crops it
 * to `targetLength` frames: steps 1-4 of the feature recipe of `@spectromix/features` (`decodeClip`, `paddedFbank`)
 * for the AST features; other Kaldi fbank settings use `kaldiFbank` of `@spectromix/dsp`. With `settings.perturb`, the
 * clip (cut to its offset and duration first) is a perturbed training copy: `perturbedPaddedFbank` (speed, then the
 * VTLP-warped fbank).
 * @returns `targetLength * numBins` values, time-major.
 * @throws ClipError for an empty clip, NaN or infinite samples or features, or a clip shorter than one frame;
 * the decoder's errors for unreadable files.
 */
export async function extractClip(job: ClipJob, settings: ResolvedFeatureSettings): Promise<Float32Array> {
  let wave = await decodeClip(await readFile(job.path), settings.sampleRate);
  if (job.offsetSeconds !== undefined) {
    const start = Math.round(job.offsetSeconds * settings.sampleRate);
    const end = job.durationSeconds === undefined ? wave.length : start + Math.round(job.durationSeconds * settings.sampleRate);
    wave = wave.subarray(Math.min(start, wave.length), Math.min(end, wave.length));
  }
  if (wave.length === 0) throw new ClipError('the clip is empty (no samples)');
  for (let i = 0; i < wave.length; i++) {
    if (!Number.isFinite(wave[i] as number)) throw new ClipError(`the clip has NaN or infinite samples (first at sample ${i})`);
  }
  const { fbank, padded } = settings.fbank === 'ast' ? perturbedPaddedFbank(wave, settings, settings.perturb ?? NO_PERTURBATION) : kaldiPadded(wave, settings);
  if (fbank.numFrames === 0) throw new ClipError(`the clip is shorter than one fbank frame (${wave.length} samples at ${settings.sampleRate} Hz)`);
  if (fbank.numBins !== settings.numBins) throw new ClipError(`the fbank has ${fbank.numBins} bins, the settings expect ${settings.numBins}`);
  const data = padded;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i] as number)) throw new ClipError('the features have NaN or infinite values');
  }
  return data;
}

/** A Kaldi fbank with other options than the AST features', padded or cropped to `targetLength` frames. */
function kaldiPadded(wave: Float32Array, settings: ResolvedFeatureSettings): ReturnType<typeof paddedFbank> {
  const p = settings.perturb ?? NO_PERTURBATION;
  const input = p.speed === 1 ? wave : speedPerturb(wave, p.speed, settings.sampleRate);
  const fbank = kaldiFbank(input, { ...(settings.fbank as Exclude<ResolvedFeatureSettings['fbank'], 'ast'>), sampleFrequency: settings.sampleRate, ...(p.vtlpAlpha !== 1 ? { vtlpAlpha: p.vtlpAlpha } : {}) });
  return { fbank, padded: padOrCrop(fbank, settings.targetLength).data };
}

/** A short reason for a problem report from any error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error instanceof ClipError ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}
