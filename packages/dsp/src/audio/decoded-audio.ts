/** Audio decoded to floats: one Float32Array per channel, all the same length, samples nominally in [-1, 1]. */
export interface DecodedAudio {
  /** Frames per second of every channel. */
  sampleRate: number;
  /** One array per channel (channel 0 first), each holding every frame of that channel. */
  channelData: Float32Array[];
  /**
   * True when a WAV header declared more audio than the file holds and the frames present were returned
   * (decode with `strict: true` to get a `TruncatedAudioError` instead). Absent for other formats.
   */
  truncated?: boolean;
}
