/** Audio decoded to floats: one Float32Array per channel, all the same length, samples nominally in [-1, 1]. */
export interface DecodedAudio {
  /** Frames per second of every channel. */
  sampleRate: number;
  /** One array per channel (channel 0 first), each holding every frame of that channel. */
  channelData: Float32Array[];
  /**
   * Present (and true) only when the file ended before the audio its header promised and the audio present
   * was returned: a WAV data chunk or FLAC STREAMINFO longer than the file, an Ogg stream cut inside a page or
   * before its end-of-stream page. Decode with `strict: true` to get a `TruncatedAudioError` instead.
   * MP3 has no reliable length header, so its truncation is not detected.
   */
  truncated?: boolean;
}
