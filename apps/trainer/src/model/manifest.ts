import type { AsmRhConfig } from '@spectromix/asm-rh';
import type { CnnConfig } from './cnn.js';
import type { ClassificationMetrics } from '@spectromix/train';
import type { RunConfig } from '../config/schema.js';
import { ExportFormatError } from '../errors.js';

/** Safetensors metadata key holding the {@link ModelManifest} JSON in an exported model file. */
export const MANIFEST_METADATA_KEY = 'spectromix.model';
/** File names inside an export folder. */
export const EXPORT_FILES = { weights: 'model.safetensors', manifest: 'spectromix.json' } as const;

/**
 * Everything a consumer (the web demo, `spectromix predict`) needs besides the weights, as JSON. Documented
 * field by field in the app README ("Export format").
 */
export interface ModelManifest {
  /** Always `'spectromix-model'`. */
  readonly format: 'spectromix-model';
  /** Format version: 1. */
  readonly version: 1;
  /** `@spectromix/asm-rh` config (`modelFromConfig(model)` rebuilds the architecture), or the CNN baseline's (`kind: 'cnn'`; the CLI reads it, the web demo does not). */
  readonly model: AsmRhConfig | CnnConfig;
  /** Class names; logit `k` is `labels[k]`. */
  readonly labels: readonly string[];
  /** How to turn logits into probabilities: softmax (trained with softmax-ce) or per-class sigmoid (sigmoid-bce). */
  readonly output: 'softmax' | 'sigmoid';
  /** Input features: exactly what training used. */
  readonly features: {
    /** Resample audio (mono: channel mean) to this rate first. */
    readonly sampleRate: number;
    /** Subtract the clip's mean sample value before the fbank (AST). */
    readonly subtractMean: true;
    /** `torchaudio.compliance.kaldi.fbank` options, camelCase; anything absent is torchaudio's default. */
    readonly fbank: {
      readonly htkCompat: true;
      readonly useEnergy: false;
      readonly windowType: 'hanning';
      readonly numMelBins: 128;
      readonly dither: 0;
      readonly frameShift: 10;
      readonly frameLength: 25;
    };
    /** Frames the model takes: zero rows are appended, or the end is cut, to reach this. */
    readonly targetLength: number;
    /** Normalisation after padding: `(x - mean) / (2 * std)`. */
    readonly normalization: { readonly mean: number; readonly std: number };
    /** `'mean-per-bin'`: then subtract each mel bin's mean over the clip's non-padding frames; `'none'`: nothing. */
    readonly clipNormalization: 'none' | 'mean-per-bin';
    /**
     * `'mean-per-bin'`: before the clip normalisation, subtract each mel bin's mean over all non-padding frames of
     * the speaker's clips (Kaldi's per-speaker CMN; `spectromix predict` takes its inputs as one speaker's); `'none'`: nothing.
     */
    readonly speakerNormalization: 'none' | 'mean-per-bin';
    /**
     * `{ targetFrames }`: first of all, scale each speaker's clips in time (linear interpolation) by `targetFrames /`
     * the speaker's mean active frames per clip (speaking-rate normalisation); `'none'`: nothing.
     */
    readonly speakerRate: 'none' | { readonly targetFrames: number };
    /**
     * `n > 0`: after `speakerRate`, scale each clip in time (linear interpolation) so that its active frames (within
     * about 26 dB of its loudest frame) number `n` (per-clip speaking-rate normalisation); 0: nothing.
     */
    readonly clipFrames: number;
  };
  /** Where it came from (informative). */
  readonly training: {
    readonly dataset: string;
    readonly split: string;
    readonly epochs: number;
    readonly bestEpoch: number | null;
    readonly metrics: Readonly<Record<string, { accuracy: number; macroAuc: number; mAP: number } | undefined>>;
    readonly config: RunConfig;
  };
  /** ISO time of export. */
  readonly createdAt: string;
}

/** Builds a manifest from a run's pieces. */
export function createManifest(parts: {
  model: AsmRhConfig | CnnConfig;
  labels: readonly string[];
  config: RunConfig;
  normalization: { mean: number; std: number };
  split: string;
  bestEpoch: number | null;
  metrics: Readonly<Record<string, ClassificationMetrics | undefined>>;
}): ModelManifest {
  const { config } = parts;
  const metrics: Record<string, { accuracy: number; macroAuc: number; mAP: number } | undefined> = {};
  for (const [k, m] of Object.entries(parts.metrics)) if (m != null) metrics[k] = { accuracy: m.accuracy, macroAuc: m.macroAuc, mAP: m.mAP };
  return {
    format: 'spectromix-model',
    version: 1,
    model: parts.model,
    labels: [...parts.labels],
    output: config.train.loss === 'sigmoid-bce' ? 'sigmoid' : 'softmax',
    features: {
      sampleRate: config.data.sampleRate,
      subtractMean: true,
      fbank: { htkCompat: true, useEnergy: false, windowType: 'hanning', numMelBins: 128, dither: 0, frameShift: 10, frameLength: 25 },
      targetLength: config.data.targetLength,
      normalization: { mean: parts.normalization.mean, std: parts.normalization.std },
      clipNormalization: config.data.clipNormalization,
      speakerNormalization: config.data.speakerNormalization,
      speakerRate: typeof config.data.speakerRate === 'object' ? { targetFrames: config.data.speakerRate.targetFrames } : 'none',
      clipFrames: config.data.clipFrames,
    },
    training: { dataset: config.data.dataset, split: parts.split, epochs: config.train.epochs, bestEpoch: parts.bestEpoch, metrics, config },
    createdAt: new Date().toISOString(),
  };
}

/**
 * Checks that a parsed JSON value is a version-1 manifest.
 * @throws ExportFormatError naming the first missing or wrong field.
 */
export function parseManifest(value: unknown, source: string): ModelManifest {
  const m = value as Partial<ModelManifest> | null;
  const fail = (what: string): never => {
    throw new ExportFormatError(`${source}: ${what}. Re-export the model with \`spectromix export\`.`);
  };
  if (m == null || typeof m !== 'object') return fail('is not a JSON object');
  if (m.format !== 'spectromix-model') fail(`has format '${String(m.format)}', expected 'spectromix-model'`);
  if (m.version !== 1) fail(`has version ${String(m.version)}; this CLI reads version 1`);
  if (m.model == null || typeof m.model !== 'object') fail('has no model config');
  if (!Array.isArray(m.labels) || m.labels.length !== m.model?.numClasses) fail(`has ${Array.isArray(m.labels) ? m.labels.length : 'no'} labels for ${String(m.model?.numClasses)} classes`);
  if (!(m.labels as unknown[]).every((l) => typeof l === 'string')) fail('has labels that are not strings');
  const f = m.features;
  if (f == null || !(f.sampleRate > 0) || !(f.targetLength > 0) || !(f.normalization?.std > 0) || !Number.isFinite(f.normalization?.mean)) fail('has incomplete feature settings (sampleRate, targetLength, normalization)');
  // Exports made before per-clip normalisation existed carry no clipNormalization: they did none.
  const clipNormalization = f?.clipNormalization ?? 'none';
  if (clipNormalization !== 'none' && clipNormalization !== 'mean-per-bin') fail(`has clipNormalization '${String(clipNormalization)}', expected 'none' or 'mean-per-bin'`);
  const speakerNormalization = f?.speakerNormalization ?? 'none';
  if (speakerNormalization !== 'none' && speakerNormalization !== 'mean-per-bin') fail(`has speakerNormalization '${String(speakerNormalization)}', expected 'none' or 'mean-per-bin'`);
  const speakerRate = f?.speakerRate ?? 'none';
  if (speakerRate !== 'none' && !(typeof speakerRate === 'object' && speakerRate.targetFrames > 0)) fail(`has speakerRate ${JSON.stringify(speakerRate)}, expected 'none' or { targetFrames > 0 }`);
  // Exports made before per-clip rate normalisation existed carry no clipFrames: they did none.
  const clipFrames = f?.clipFrames ?? 0;
  if (!(Number.isInteger(clipFrames) && clipFrames >= 0)) fail(`has clipFrames ${JSON.stringify(clipFrames)}, expected a whole number >= 0`);
  if (m.output !== 'softmax' && m.output !== 'sigmoid') fail(`has output '${String(m.output)}', expected 'softmax' or 'sigmoid'`);
  const manifest = m as ModelManifest;
  return { ...manifest, features: { ...manifest.features, clipNormalization, speakerNormalization, speakerRate, clipFrames } };
}
