import * as tf from '@spectromix/tensor';
import { readSafetensors, writeSafetensors, type SafetensorsInput } from '@spectromix/tensor/codecs';
import { CheckpointError } from '../errors.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { TrainableModel } from '../loop/types.js';
import { parseWithNonFinite, stringifyWithNonFinite } from './json.js';
import type { CheckpointMeta, TrainingCheckpoint } from './types.js';

/** Metadata key holding the checkpoint's JSON in the safetensors header. */
export const CHECKPOINT_METADATA_KEY = 'spectromix.checkpoint';
const MODEL_PREFIX = 'model/';
const OPTIM_PREFIX = 'optim/';

/** What {@link encodeCheckpoint} serialises besides the tensors it reads from the model and optimiser. */
export type CheckpointMetaInput = Omit<CheckpointMeta, 'format' | 'version' | 'savedAt' | 'optimizer'>;

/**
 * Serialises a training state as one safetensors file: the model's state dict under `model/<name>` (PyTorch
 * layout, so `model/*` is a valid PyTorch state dict), the optimiser moments under `optim/exp_avg/<name>` and
 * `optim/exp_avg_sq/<name>`, and the JSON {@link CheckpointMeta} in the `spectromix.checkpoint` metadata entry.
 * Tensors are read with async `data()` (no synchronous GPU read).
 */
export async function encodeCheckpoint(parts: { readonly model: TrainableModel; readonly optimizer: Optimizer; readonly meta: CheckpointMetaInput }): Promise<Uint8Array> {
  const stateDict = parts.model.stateDict();
  const optimizerState = parts.optimizer.getState();
  const tensors = new Map<string, SafetensorsInput>();
  try {
    for (const [name, t] of stateDict) tensors.set(MODEL_PREFIX + name, { shape: t.shape, data: (await t.data()) as Float32Array });
    for (const [name, t] of optimizerState.tensors) tensors.set(OPTIM_PREFIX + name, { shape: t.shape, data: (await t.data()) as Float32Array });
  } finally {
    for (const t of stateDict.values()) t.dispose();
    for (const t of optimizerState.tensors.values()) t.dispose();
  }
  const meta: CheckpointMeta = { format: 'spectromix-checkpoint', version: 1, savedAt: new Date().toISOString(), optimizer: optimizerState.meta, ...parts.meta };
  return writeSafetensors(tensors, { [CHECKPOINT_METADATA_KEY]: stringifyWithNonFinite(meta) });
}

/**
 * Parses a checkpoint written by {@link encodeCheckpoint} and creates its tensors (the caller disposes them
 * with `disposeCheckpoint`).
 * @param source file name or id, for messages.
 * @throws CheckpointError for a truncated or corrupted file, or a safetensors file that is not a spectromix checkpoint.
 */
export function decodeCheckpoint(bytes: Uint8Array, source: string): TrainingCheckpoint {
  const { file, meta } = parseCheckpoint(bytes, source);
  const model = new Map<string, tf.Tensor>();
  const optimizer = new Map<string, tf.Tensor>();
  for (const [name, t] of file.tensors) {
    if (name.startsWith(MODEL_PREFIX)) model.set(name.slice(MODEL_PREFIX.length), tf.tensor(t.data, [...t.shape], 'float32'));
    else if (name.startsWith(OPTIM_PREFIX)) optimizer.set(name.slice(OPTIM_PREFIX.length), tf.tensor(t.data, [...t.shape], 'float32'));
  }
  return { meta, model, optimizer };
}

/**
 * The JSON part of a checkpoint (position, optimiser counters, history, config) without creating any tensor:
 * usable before a backend is chosen, e.g. to read the run configuration a resume needs.
 * @throws CheckpointError as {@link decodeCheckpoint}.
 */
export function decodeCheckpointMeta(bytes: Uint8Array, source: string): CheckpointMeta {
  return parseCheckpoint(bytes, source).meta;
}

function parseCheckpoint(bytes: Uint8Array, source: string): { file: ReturnType<typeof readSafetensors>; meta: CheckpointMeta } {
  let file: ReturnType<typeof readSafetensors>;
  try {
    file = readSafetensors(bytes);
  } catch (error) {
    throw new CheckpointError(source, `is truncated or corrupted (${(error as Error).message}). Use an earlier checkpoint of the run; checkpoints are written atomically, so this file was damaged after writing.`);
  }
  const text = file.metadata[CHECKPOINT_METADATA_KEY];
  if (text == null) {
    throw new CheckpointError(source, `is a safetensors file without '${CHECKPOINT_METADATA_KEY}' metadata: plain weights, not a training checkpoint. Load it as weights (e.g. model.loadWeights) instead of resuming from it.`);
  }
  let meta: CheckpointMeta;
  try {
    meta = parseWithNonFinite(text) as CheckpointMeta;
  } catch (error) {
    throw new CheckpointError(source, `has unreadable checkpoint metadata (${(error as Error).message}).`);
  }
  if (meta.format !== 'spectromix-checkpoint' || meta.version !== 1) {
    throw new CheckpointError(source, `has checkpoint format '${String(meta.format)}' version ${String(meta.version)}; this version of @spectromix/train reads 'spectromix-checkpoint' version 1.`);
  }
  return { file, meta };
}
