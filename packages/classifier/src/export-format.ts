import { InvalidModelError, ModelMismatchError } from './errors.js';
import type { ScoreActivation } from './scores.js';

/*
 * The one module that knows the trainer's export format (`spectromix export`, see apps/trainer/README.md).
 * Everything else in the package works on the parsed `ModelBundle`, so a format change is a change here.
 */

/** File names of an export folder. */
export const EXPORT_FILES = {
  config: 'config.json',
  weights: 'model.safetensors',
  labels: 'labels.json',
} as const;

/** The feature settings a model was trained with (model contract section 1). */
export interface FeatureSettings {
  /** Sample rate of the model's audio, Hz (16000). */
  readonly sampleRate: number;
  /** Mel bins of the fbank (128). */
  readonly numMelBins: number;
  /** Frames the fbank is padded or cut to (the model's T). */
  readonly targetLength: number;
  /** Training-set mean of the padded fbank. */
  readonly mean: number;
  /** Training-set standard deviation of the padded fbank (inputs are `(x - mean) / (2 * std)`). */
  readonly std: number;
}

/** An export, parsed and checked: what the classifier runs. */
export interface ModelBundle {
  /** The model's JSON config, as `@spectromix/asm-rh`'s `modelFromConfig` takes it. */
  readonly modelConfig: Readonly<Record<string, unknown>>;
  /** Class names, index `i` for output `i`. */
  readonly labels: readonly string[];
  /** How audio becomes model input. */
  readonly features: FeatureSettings;
  /** How logits become probabilities (softmax for cross-entropy training, sigmoid for BCE). */
  readonly activation: ScoreActivation;
  /** The safetensors weights. */
  readonly weights: Uint8Array;
}

/** The raw parts of an export: weights bytes, the parsed config JSON and (when separate) the labels JSON. */
export interface ExportParts {
  /** Contents of `model.safetensors`. */
  readonly weights: Uint8Array;
  /** Parsed `config.json`. */
  readonly config: unknown;
  /** Parsed `labels.json`, when the labels are not inside the config. */
  readonly labels?: unknown;
}

/**
 * Checks an export's parts and returns the bundle the classifier runs.
 * @throws InvalidModelError when a field is missing or has the wrong type; ModelMismatchError when the labels
 * and the model's class count disagree or the features do not fit the model's input.
 */
export function parseExport(parts: ExportParts): ModelBundle {
  const config = record(parts.config, EXPORT_FILES.config);
  const model = record(config['model'], `${EXPORT_FILES.config} field "model"`);
  const featureJson = record(config['features'], `${EXPORT_FILES.config} field "features"`);
  const labels = stringList(parts.labels ?? config['labels'], parts.labels != null ? EXPORT_FILES.labels : `${EXPORT_FILES.config} field "labels"`);
  const features: FeatureSettings = {
    sampleRate: positiveInteger(featureJson['sampleRate'], 'features.sampleRate'),
    numMelBins: positiveInteger(featureJson['numMelBins'], 'features.numMelBins'),
    targetLength: positiveInteger(featureJson['targetLength'], 'features.targetLength'),
    mean: finite(featureJson['mean'], 'features.mean'),
    std: finite(featureJson['std'], 'features.std'),
  };
  if (features.std <= 0) throw invalid(`features.std is ${features.std}; the training-set standard deviation must be > 0.`);
  const activation = config['activation'] ?? 'softmax';
  if (activation !== 'softmax' && activation !== 'sigmoid') {
    throw invalid(`"activation" is ${JSON.stringify(activation)}; expected "softmax" or "sigmoid".`);
  }
  const numClasses = model['numClasses'];
  if (numClasses !== labels.length) {
    throw new ModelMismatchError(
      `The model has ${String(numClasses)} outputs but the label list has ${labels.length} names. The labels belong ` +
        'to another export: load config, labels and weights from the same `spectromix export` run.',
    );
  }
  if (model['targetLength'] != null && model['targetLength'] !== features.targetLength) {
    throw new ModelMismatchError(
      `The model expects ${String(model['targetLength'])} frames but the features are set to ${features.targetLength}. ` +
        'The config was edited or mixed from two exports; export the model again.',
    );
  }
  if (parts.weights.byteLength === 0) throw invalid(`${EXPORT_FILES.weights} is empty.`);
  return { modelConfig: model, labels, features, activation, weights: parts.weights };
}

function invalid(detail: string): InvalidModelError {
  return new InvalidModelError(`This is not a valid spectromix export: ${detail} Re-create it with \`spectromix export\`.`);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object; got ${Array.isArray(value) ? 'an array' : JSON.stringify(value) ?? 'nothing'}.`);
  }
  return value as Record<string, unknown>;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
    throw invalid(`${what} must be a non-empty array of class names (strings).`);
  }
  return value as string[];
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalid(`${what} must be a positive integer; got ${JSON.stringify(value) ?? 'nothing'}.`);
  }
  return value;
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${what} must be a finite number; got ${JSON.stringify(value) ?? 'nothing'}.`);
  return value;
}
