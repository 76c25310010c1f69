import { readFile } from 'node:fs/promises';
import { CheckpointError } from '../errors.js';
import { decodeCheckpoint, decodeCheckpointMeta } from './codec.js';
import type { CheckpointMeta, TrainingCheckpoint } from './types.js';

/**
 * Reads and decodes a checkpoint file.
 * @throws CheckpointError when the file is missing, unreadable, truncated or not a spectromix checkpoint.
 */
export async function readCheckpointFile(path: string): Promise<TrainingCheckpoint> {
  return decodeCheckpoint(await readBytes(path), path);
}

/**
 * Reads a checkpoint file's JSON part only (no tensors are created, so no backend is needed).
 * @throws CheckpointError as {@link readCheckpointFile}.
 */
export async function readCheckpointMetaFile(path: string): Promise<CheckpointMeta> {
  return decodeCheckpointMeta(await readBytes(path), path);
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CheckpointError(path, `cannot be read (${(error as Error).message}). Check the path; checkpoints are the step-*.safetensors and best.safetensors files of a run's checkpoints/ folder.`);
  }
}
