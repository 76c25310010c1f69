import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointMismatchError, disposeCheckpoint, type CheckpointMeta } from '@spectromix/train';
import { BEST_CHECKPOINT_FILE, DirectoryCheckpointStore, readCheckpointFile } from '@spectromix/train/node';
import { validateSavedRunConfig } from '../config/resolve.js';
import type { RunConfig } from '../config/schema.js';
import { ExportFormatError } from '../errors.js';
import { buildModel, type RunModel } from './build.js';
import { EXPORT_FILES, MANIFEST_METADATA_KEY, type ModelManifest } from '@spectromix/features';
import { createRunManifest } from './manifest.js';
import { readExport } from './export-io.js';

/** What the trainer stores as a checkpoint's `config`: the run configuration and the class names. */
export interface CheckpointPayload {
  /** The effective run configuration (normalisation statistics filled in). */
  readonly runConfig: RunConfig;
  /** Class names, logit order. */
  readonly labels: string[];
}

/** The payload of a trainer checkpoint. @throws ExportFormatError when it was not written by this CLI. */
export function checkpointPayload(meta: CheckpointMeta, source: string): CheckpointPayload {
  const p = meta.config as Partial<CheckpointPayload> | null;
  if (p == null || typeof p !== 'object' || p.runConfig == null || !Array.isArray(p.labels)) {
    throw new ExportFormatError(`${source} is a training checkpoint without the spectromix CLI's run configuration; it was written by another program.`);
  }
  return { runConfig: validateSavedRunConfig(p.runConfig, `checkpoint ${source}`), labels: p.labels.map(String) };
}

/** The run configuration stored in a checkpoint. */
export function checkpointRunConfig(meta: CheckpointMeta, source: string): RunConfig {
  return checkpointPayload(meta, source).runConfig;
}

/** A model ready to run, with everything needed to feed it. */
export interface LoadedModel {
  /** The model with its weights. */
  readonly model: RunModel;
  /** Labels, features and normalisation. */
  readonly manifest: ModelManifest;
  /** What was loaded. */
  readonly source: string;
}

/**
 * Loads a model from an export (folder or file), a run folder (its `model/` export, or a checkpoint with
 * `which`), or a checkpoint file.
 * @throws ExportFormatError / CheckpointError with what was wrong.
 */
export async function loadModel(path: string, which: 'export' | 'best' | 'latest' = 'export'): Promise<LoadedModel> {
  if (!existsSync(path)) throw new ExportFormatError(`${path} does not exist.`);
  if (statSync(path).isDirectory()) {
    const isRun = existsSync(join(path, 'checkpoints'));
    if (isRun && which !== 'export') {
      const best = join(path, 'checkpoints', BEST_CHECKPOINT_FILE);
      const file = which === 'best' && existsSync(best) ? best : await new DirectoryCheckpointStore(join(path, 'checkpoints')).latest();
      return fromCheckpoint(file);
    }
    if (isRun && existsSync(join(path, 'model', EXPORT_FILES.weights))) return { ...readExport(join(path, 'model')), source: join(path, 'model') };
    if (isRun) return loadModel(path, 'best');
    return { ...readExport(path), source: path };
  }
  if (path.endsWith('.safetensors')) {
    try {
      return { ...readExport(path), source: path };
    } catch (error) {
      if (!(error instanceof ExportFormatError) || !error.message.includes(`no '${MANIFEST_METADATA_KEY}' metadata`)) throw error;
      return fromCheckpoint(path);
    }
  }
  throw new ExportFormatError(`${path} is neither a folder nor a .safetensors file.`);
}

async function fromCheckpoint(file: string): Promise<LoadedModel> {
  const checkpoint = await readCheckpointFile(file);
  try {
    const { runConfig, labels } = checkpointPayload(checkpoint.meta, file);
    const model = buildModel(runConfig, labels.length);
    try {
      model.loadStateDict(checkpoint.model);
    } catch (error) {
      model.dispose();
      throw new CheckpointMismatchError(file, `does not fit the model its own config describes: ${(error as Error).message}`);
    }
    const norm = runConfig.data.normalization;
    if (norm == null) throw new ExportFormatError(`${file}: the checkpoint's config has no normalisation statistics.`);
    const manifest = createRunManifest({ model: model.config, labels, config: runConfig, normalization: norm, split: runConfig.data.split.kind, bestEpoch: checkpoint.meta.best?.epoch ?? null, metrics: {}, epochs: checkpoint.meta.history.length });
    return { model, manifest, source: file };
  } finally {
    disposeCheckpoint(checkpoint);
  }
}
