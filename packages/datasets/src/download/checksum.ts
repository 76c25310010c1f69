import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ExtractProgressCallback } from './extract-types.js';

/** A published digest of a file. */
export interface Checksum {
  /** Hash function (Zenodo publishes md5, TFDS and torchaudio sha256). */
  algorithm: 'sha256' | 'md5';
  /** Lower-case hex digest. */
  value: string;
}

/** Hex digest of a file, streamed (constant memory), with `verify` progress. */
export async function hashFile(path: string, algorithm: Checksum['algorithm'], onProgress?: ExtractProgressCallback, totalBytes?: number): Promise<string> {
  const hash = createHash(algorithm);
  let bytes = 0;
  let last = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    if (onProgress && bytes - last >= 64 << 20) {
      last = bytes;
      onProgress({ phase: 'verify', file: path, bytes, ...(totalBytes !== undefined ? { totalBytes } : {}) });
    }
  }
  onProgress?.({ phase: 'verify', file: path, bytes, ...(totalBytes !== undefined ? { totalBytes } : {}) });
  return hash.digest('hex');
}
