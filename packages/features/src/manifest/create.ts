import { AST_FBANK, MANIFEST_VERSION } from './export-files.js';
import type { ModelManifest } from './schema.js';

/** Accuracy, macro AUC and mAP of one subset (extra fields are dropped). */
export interface SubsetMetrics {
  readonly accuracy: number;
  readonly macroAuc: number;
  readonly mAP: number;
}

/** What {@link createManifest} needs: a trained model's pieces. */
export interface ManifestParts {
  /** The model config (`@spectromix/asm-rh`'s `AsmRhConfig`): `modelFromConfig(model)` rebuilds the architecture. */
  readonly model: Readonly<{ numClasses: number; targetLength: number }> & Readonly<Record<string, unknown>>;
  /** Class names; logit `k` is `labels[k]`. */
  readonly labels: readonly string[];
  /** Softmax (trained with cross-entropy) or per-class sigmoid (BCE). */
  readonly output: 'softmax' | 'sigmoid';
  /** The feature settings training used. */
  readonly features: {
    readonly sampleRate: number;
    readonly targetLength: number;
    readonly normalization: { readonly mean: number; readonly std: number };
    readonly speakerNormalization: 'none' | 'mean-per-bin';
    readonly speakerRate: 'none' | { readonly targetFrames: number };
  };
  /** Where it came from (informative): dataset, split, epochs, best epoch, metrics per subset, run configuration. */
  readonly training: {
    readonly dataset: string;
    readonly split: string;
    readonly epochs: number;
    readonly bestEpoch: number | null;
    readonly metrics: Readonly<Record<string, SubsetMetrics | undefined>>;
    readonly config: Readonly<Record<string, unknown>>;
  };
}

/** Builds a current-version manifest (format version {@link MANIFEST_VERSION}) stamped with the time of export. */
export function createManifest(parts: ManifestParts): ModelManifest {
  const metrics: Record<string, SubsetMetrics | undefined> = {};
  for (const [k, m] of Object.entries(parts.training.metrics)) if (m != null) metrics[k] = { accuracy: m.accuracy, macroAuc: m.macroAuc, mAP: m.mAP };
  const f = parts.features;
  return {
    format: 'spectromix-model',
    version: MANIFEST_VERSION,
    model: { ...parts.model },
    labels: [...parts.labels],
    output: parts.output,
    features: {
      sampleRate: f.sampleRate,
      subtractMean: true,
      fbank: { ...AST_FBANK },
      targetLength: f.targetLength,
      normalization: { mean: f.normalization.mean, std: f.normalization.std },
      speakerNormalization: f.speakerNormalization,
      speakerRate: typeof f.speakerRate === 'object' ? { targetFrames: f.speakerRate.targetFrames } : 'none',
    },
    training: { ...parts.training, metrics, config: { ...parts.training.config } },
    createdAt: new Date().toISOString(),
  };
}
