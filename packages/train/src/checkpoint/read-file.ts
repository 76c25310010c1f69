import { readFile } from 'node:fs/promises';
import { CheckpointError } from '../errors.js';
import { decodeCheckpoint } from './codec.js';
import type { TrainingCheckpoint } from './types.js';

/**
 * Reads and decodes a checkpoint file.
 * @throws CheckpointError when the file is missing, unreadable, truncated or not a spectromix checkpoint.
 */
export async function readCheckpointFile(path: string): Promise<TrainingCheckpoint> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CheckpointError(path, `cannot be read (${(error as Error).message}). Check the path; checkpoints are the step-*.safetensors and best.safetensors files of a run's checkpoints/ folder.`);
  }
  return decodeCheckpoint(bytes, path);
}
