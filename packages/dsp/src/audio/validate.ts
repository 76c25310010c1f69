import { InvalidChannelCountError, InvalidSampleRateError, InvalidSamplesError, MAX_SAMPLE_RATE } from './errors.js';

/**
 * Throws {@link InvalidSampleRateError} unless `sampleRate` is an integer in 1..1 000 000 Hz.
 * @param where names what carried the rate, for the message (e.g. 'The WAV header').
 */
export function assertSampleRate(sampleRate: number, where: string): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > MAX_SAMPLE_RATE) {
    throw new InvalidSampleRateError(sampleRate, where);
  }
}

/** Throws {@link InvalidChannelCountError} when `channels` is not a positive integer. */
export function assertChannelCount(channels: number, where: string): void {
  if (!Number.isInteger(channels) || channels < 1) {
    throw new InvalidChannelCountError(
      `${where} declares ${channels} channels; audio needs at least one channel. The file is corrupt or not audio.`,
    );
  }
}

/** Throws {@link InvalidSamplesError} at the first NaN or ±Infinity in any channel. */
export function assertFiniteSamples(channelData: readonly Float32Array[]): void {
  for (let c = 0; c < channelData.length; c++) {
    const data = channelData[c]!;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      // v - v is NaN exactly when v is NaN or infinite; cheaper than Number.isFinite in the hot loop.
      if (v - v !== 0) throw new InvalidSamplesError(c, i, v);
    }
  }
}
