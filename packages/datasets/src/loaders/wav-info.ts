import { closeSync, openSync, readSync } from 'node:fs';
import { ClipError } from '../errors.js';

/** What a WAV header says about its audio. */
export interface WavInfo {
  /** Samples per second. */
  sampleRate: number;
  /** Channel count. */
  channels: number;
  /** Frames (samples per channel) in the data chunk. */
  frames: number;
  /** `frames / sampleRate`. */
  durationSeconds: number;
}

/**
 * Reads the `fmt ` and `data` chunk headers of a RIFF/WAVE file (no sample data), to learn its duration.
 * @throws ClipError when the file is not a RIFF/WAVE file or lacks those chunks.
 */
export function readWavInfo(path: string): WavInfo {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, 0) < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
      throw new ClipError(`'${path}' is not a RIFF/WAVE file`);
    }
    let pos = 12;
    let fmt: { channels: number; sampleRate: number; blockAlign: number } | undefined;
    const chunk = Buffer.alloc(24);
    for (;;) {
      if (readSync(fd, chunk, 0, 8, pos) < 8) break;
      const id = chunk.toString('latin1', 0, 4);
      const size = chunk.readUInt32LE(4);
      if (id === 'fmt ') {
        readSync(fd, chunk, 0, 16, pos + 8);
        fmt = { channels: chunk.readUInt16LE(2), sampleRate: chunk.readUInt32LE(4), blockAlign: chunk.readUInt16LE(12) };
      } else if (id === 'data') {
        if (!fmt || fmt.blockAlign === 0 || fmt.sampleRate === 0) break;
        const frames = Math.floor(size / fmt.blockAlign);
        return { sampleRate: fmt.sampleRate, channels: fmt.channels, frames, durationSeconds: frames / fmt.sampleRate };
      }
      pos += 8 + size + (size % 2);
    }
    throw new ClipError(`'${path}' has no 'fmt ' chunk before its 'data' chunk`);
  } finally {
    closeSync(fd);
  }
}
