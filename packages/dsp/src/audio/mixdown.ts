import { AudioOptionError } from './errors.js';

/**
 * Mixes channels down to mono as their mean (what torchaudio users write as `waveform.mean(0)`).
 * A single channel is returned as a copy.
 * @example
 * ```ts
 * const mono = mixdown(decoded.channelData);
 * ```
 * @throws AudioOptionError when there are no channels or their lengths differ.
 */
export function mixdown(channelData: readonly Float32Array[]): Float32Array {
  const channels = channelData.length;
  if (channels === 0) {
    throw new AudioOptionError('mixdown needs at least one channel; got an empty channel list.');
  }
  const length = channelData[0]!.length;
  if (channelData.some((ch) => ch.length !== length)) {
    throw new AudioOptionError(
      `mixdown needs channels of equal length; got ${channelData.map((ch) => ch.length).join(', ')}.`,
    );
  }
  if (channels === 1) return channelData[0]!.slice();
  const sum = new Float64Array(length);
  for (const ch of channelData) {
    for (let i = 0; i < length; i++) sum[i]! += ch[i]!;
  }
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = sum[i]! / channels;
  return out;
}
