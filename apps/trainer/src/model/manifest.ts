import type { AsmRhConfig } from '@spectromix/asm-rh';
import type { CnnConfig } from './cnn.js';
import { createManifest, ManifestError, parseManifest, type ModelManifest } from '@spectromix/features';
import type { ClassificationMetrics } from '@spectromix/train';
import type { RunConfig } from '../config/schema.js';
import { ExportFormatError } from '../errors.js';

/*
 * The export format is `@spectromix/features`' (EXPORT_FILES, the manifest, its versions and migration); this module
 * only maps a run's pieces onto it and its errors onto the CLI's.
 */

/** Builds the manifest of a run's model: `createManifest` of `@spectromix/features` with the run's feature settings. */
export function createRunManifest(parts: {
  model: AsmRhConfig | CnnConfig;
  labels: readonly string[];
  config: RunConfig;
  normalization: { mean: number; std: number };
  split: string;
  bestEpoch: number | null;
  metrics: Readonly<Record<string, ClassificationMetrics | undefined>>;
  /** Epochs the weights trained (a checkpoint's finished epochs); default the run's `train.epochs`. */
  epochs?: number;
}): ModelManifest {
  const { config } = parts;
  const rate = config.data.speakerRate;
  return createManifest({
    model: { ...parts.model },
    labels: parts.labels,
    output: config.train.loss === 'sigmoid-bce' ? 'sigmoid' : 'softmax',
    features: {
      sampleRate: config.data.sampleRate,
      targetLength: config.data.targetLength,
      normalization: parts.normalization,
      speakerNormalization: config.data.speakerNormalization,
      // 'normalize' is resolved to the training speakers' rate before a model is saved; a config without it did none.
      speakerRate: typeof rate === 'object' ? { targetFrames: rate.targetFrames } : 'none',
    },
    training: { dataset: config.data.dataset, split: parts.split, epochs: parts.epochs ?? config.train.epochs, bestEpoch: parts.bestEpoch, metrics: parts.metrics, config: config as unknown as Record<string, unknown> },
  });
}

/**
 * `parseManifest` of `@spectromix/features` (any version it reads, migrated to the current one).
 * @throws ExportFormatError naming the first missing or wrong field.
 */
export function parseExportManifest(value: unknown, source: string): ModelManifest {
  try {
    return parseManifest(value, source);
  } catch (error) {
    if (error instanceof ManifestError) throw new ExportFormatError(error.message, { cause: error });
    throw error;
  }
}

/**
 * The architecture config of a manifest's model: an ASM-RH config (checked by `modelFromConfig`) or the CNN
 * baseline's (`kind: 'cnn'`; the CLI reads it, the web demo does not).
 */
export function manifestModelConfig(manifest: ModelManifest): AsmRhConfig | CnnConfig {
  return manifest.model as unknown as AsmRhConfig | CnnConfig;
}
