import { readFile } from 'node:fs/promises';
import { decodeAudio, type DecodeAudioOptions } from './decode-audio.js';
import type { DecodedAudio } from './decoded-audio.js';
import { mixdown } from './mixdown.js';
import { resample, type ResampleOptions } from './resample.js';

/** Options of {@link readAudioFile}. */
export interface ReadAudioFileOptions extends DecodeAudioOptions {
  /** Resample every channel to this rate (Hz) after decoding. Default: keep the file's rate. */
  sampleRate?: number;
  /** Mix the channels down to one (their mean) before resampling. Default false. */
  mono?: boolean;
  /** Resampler settings used when `sampleRate` differs from the file's. */
  resample?: ResampleOptions;
}

/**
 * Reads and decodes an audio file from disk (Node only), optionally mixing it to mono and resampling it:
 * the usual `torchaudio.load` + `mean(0)` + `functional.resample` sequence in one call.
 * @example
 * ```ts
 * import { readAudioFile } from '@spectromix/dsp/node';
 * const { sampleRate, channelData } = await readAudioFile('clip.opus', { sampleRate: 16000, mono: true });
 * ```
 * @throws the errors of `decodeAudio` and `resample`, and Node's file-system errors (ENOENT, ...) unchanged.
 */
export async function readAudioFile(path: string, options: ReadAudioFileOptions = {}): Promise<DecodedAudio> {
  const decoded = await decodeAudio(await readFile(path), options);
  let channelData = options.mono ? [mixdown(decoded.channelData)] : decoded.channelData;
  let sampleRate = decoded.sampleRate;
  const target = options.sampleRate;
  if (target !== undefined && target !== sampleRate) {
    channelData = channelData.map((ch) => resample(ch, sampleRate, target, options.resample));
    sampleRate = target;
  }
  return decoded.truncated ? { sampleRate, channelData, truncated: true } : { sampleRate, channelData };
}
