import { readSafetensors } from '@spectromix/tensor/codecs';
import { InvalidModelError, ModelMismatchError } from './errors.js';
import type { ScoreActivation } from './scores.js';

/*
 * The one module that knows the trainer's export format (`spectromix export`, manifest version 1, documented in
 * apps/trainer/README.md). Everything else in the package works on the parsed `ModelBundle`.
 *
 * An export is `model.safetensors` (the weights, with the manifest JSON in the safetensors metadata under
 * `spectromix.model`) and, in a folder export, `spectromix.json` (the same manifest). `--single-file` writes
 * only the safetensors file.
 */

/** File names of an export folder. */
export const EXPORT_FILES = {
  weights: 'model.safetensors',
  manifest: 'spectromix.json',
} as const;

/** Safetensors metadata key holding the manifest JSON. */
export const MANIFEST_METADATA_KEY = 'spectromix.model';

/** The fbank options of the AST features (model contract section 1), the only ones this package computes. */
const AST_FBANK = { htkCompat: true, useEnergy: false, windowType: 'hanning', numMelBins: 128, dither: 0, frameShift: 10, frameLength: 25 } as const;

/** The feature settings a model was trained with (model contract section 1). */
export interface FeatureSettings {
  /** Sample rate of the model's audio, Hz (16000). */
  readonly sampleRate: number;
  /** Mel bins of the fbank (128). */
  readonly numMelBins: number;
  /** Frame length and shift of the fbank, milliseconds (25 and 10). */
  readonly frameLength: number;
  readonly frameShift: number;
  /** Frames the fbank is padded or cut to (the model's T). */
  readonly targetLength: number;
  /** Training-set mean of the padded fbank. */
  readonly mean: number;
  /** Training-set standard deviation of the padded fbank (inputs are `(x - mean) / (2 * std)`). */
  readonly std: number;
  /**
   * After normalisation: `'mean-per-bin'` subtracts each mel bin's mean over the clip's frames (padding excluded),
   * a per-clip cepstral mean normalisation in the log-mel domain; `'none'` (AST's features) leaves them.
   */
  readonly clipNormalization: 'none' | 'mean-per-bin';
  /**
   * After normalisation, before the clip's: `'mean-per-bin'` subtracts the speaker's mean of each mel bin (the model
   * was trained with per-speaker CMN). The classifier estimates it online from every clip it has classified since it
   * was loaded or `resetSpeaker()` was called; `'none'` leaves the features.
   */
  readonly speakerNormalization: 'none' | 'mean-per-bin';
  /**
   * After normalisation, first of all: `{ targetFrames }` scales the clip in time by `targetFrames /` the speaker's
   * mean active frames per clip (per-speaker speaking-rate normalisation, `data.speakerRate` in training). The
   * classifier estimates the speaker's mean online, like the speaker's mean per bin; `'none'` leaves the clip.
   */
  readonly speakerRate: 'none' | { readonly targetFrames: number };
  /**
   * After the speaker's rate: `n > 0` scales the clip in time so that its speech (frames within about 26 dB
   * of its loudest) lasts `n` frames, the per-clip speaking-rate normalisation of `data.clipFrames`; 0 leaves it.
   */
  readonly clipFrames: number;
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

/** The raw parts of an export: the weights and, when it came as its own file, the parsed manifest. */
export interface ExportParts {
  /** Contents of `model.safetensors` (or of a single-file export). */
  readonly weights: Uint8Array;
  /** Parsed `spectromix.json`; absent: read from the weights' metadata. */
  readonly manifest?: unknown;
}

/**
 * Checks an export's parts and returns the bundle the classifier runs.
 * @throws InvalidModelError when the weights are not safetensors, the manifest is missing or a field is wrong;
 * ModelMismatchError when the labels and the model's class count, or the features and the model's input, disagree.
 */
export function parseExport(parts: ExportParts): ModelBundle {
  if (parts.weights.byteLength === 0) throw invalid(`${EXPORT_FILES.weights} is empty.`);
  const manifest = record(parts.manifest ?? manifestFromWeights(parts.weights), 'the manifest');
  if (manifest['format'] !== 'spectromix-model') {
    throw invalid(`the manifest has format ${JSON.stringify(manifest['format']) ?? 'nothing'}, expected "spectromix-model".`);
  }
  if (manifest['version'] !== 1) {
    throw invalid(`the manifest is version ${JSON.stringify(manifest['version']) ?? 'nothing'}; this package reads version 1. Update @spectromix/classifier.`);
  }
  const model = record(manifest['model'], 'manifest field "model"');
  const labels = stringList(manifest['labels'], 'manifest field "labels"');
  const f = record(manifest['features'], 'manifest field "features"');
  const fbank = record(f['fbank'], 'features.fbank');
  const normalization = record(f['normalization'], 'features.normalization');
  for (const [key, value] of Object.entries(AST_FBANK)) {
    if (fbank[key] !== value) {
      throw invalid(
        `features.fbank.${key} is ${JSON.stringify(fbank[key]) ?? 'missing'}; this package computes the AST features ` +
          `(${JSON.stringify(AST_FBANK)}) only.`,
      );
    }
  }
  if (f['subtractMean'] !== true) throw invalid('features.subtractMean must be true (the AST features remove the clip mean).');
  const features: FeatureSettings = {
    sampleRate: positiveInteger(f['sampleRate'], 'features.sampleRate'),
    numMelBins: AST_FBANK.numMelBins,
    frameLength: AST_FBANK.frameLength,
    frameShift: AST_FBANK.frameShift,
    targetLength: positiveInteger(f['targetLength'], 'features.targetLength'),
    mean: finite(normalization['mean'], 'features.normalization.mean'),
    std: finite(normalization['std'], 'features.normalization.std'),
    clipNormalization: clipNormalization(f['clipNormalization'], 'features.clipNormalization'),
    speakerNormalization: clipNormalization(f['speakerNormalization'], 'features.speakerNormalization'),
    speakerRate: speakerRate(f['speakerRate']),
    clipFrames: clipFrames(f['clipFrames']),
  };
  if (features.std <= 0) throw invalid(`features.normalization.std is ${features.std}; the training-set standard deviation must be > 0.`);
  const output = manifest['output'];
  if (output !== 'softmax' && output !== 'sigmoid') throw invalid(`"output" is ${JSON.stringify(output) ?? 'missing'}; expected "softmax" or "sigmoid".`);
  if (model['numClasses'] !== labels.length) {
    throw new ModelMismatchError(
      `The model has ${String(model['numClasses'])} outputs but the label list has ${labels.length} names. The manifest ` +
        'was edited or mixed from two exports: export the model again with `spectromix export`.',
    );
  }
  if (model['targetLength'] !== features.targetLength) {
    throw new ModelMismatchError(
      `The model expects ${String(model['targetLength'])} frames but the features are set to ${features.targetLength}. ` +
        'The manifest was edited or mixed from two exports: export the model again.',
    );
  }
  return { modelConfig: model, labels, features, activation: output, weights: parts.weights };
}

/** `features.speakerRate`: absent in exports made before the option existed, which did no rate normalisation. */
function speakerRate(value: unknown): 'none' | { readonly targetFrames: number } {
  if (value === undefined || value === 'none') return 'none';
  const target = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['targetFrames'] : undefined;
  if (typeof target === 'number' && Number.isFinite(target) && target > 0) return { targetFrames: target };
  throw invalid(`features.speakerRate is ${JSON.stringify(value)}; expected "none" or { "targetFrames": n > 0 } (the training speakers' mean active frames per clip).`);
}

/** `features.clipFrames`: absent in exports made before the option existed, which did no rate normalisation. */
function clipFrames(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw invalid(`features.clipFrames is ${JSON.stringify(value)}; expected a whole number of frames >= 0 (0: off).`);
}

/** `features.clipNormalization` or `features.speakerNormalization`: absent in exports made before the option existed, which did none. */
function clipNormalization(value: unknown, field: string): 'none' | 'mean-per-bin' {
  if (value === undefined || value === 'none') return 'none';
  if (value === 'mean-per-bin') return value;
  throw invalid(`${field} is ${JSON.stringify(value)}; expected "none" or "mean-per-bin".`);
}

/** The manifest stored in a weights file's safetensors metadata. */
function manifestFromWeights(weights: Uint8Array): unknown {
  let text: string | undefined;
  try {
    text = readSafetensors(weights).metadata[MANIFEST_METADATA_KEY];
  } catch (error) {
    throw new InvalidModelError(
      `The weights are not a valid safetensors file (${error instanceof Error ? error.message : String(error)}); the file is ` +
        'damaged or is not a model. Re-create it with `spectromix export`.',
      { cause: error },
    );
  }
  if (text == null) {
    throw invalid(
      `the weights have no '${MANIFEST_METADATA_KEY}' metadata. Pass an export of \`spectromix export\` (training checkpoints ` +
        `are not exports), or give its ${EXPORT_FILES.manifest} as well.`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidModelError(`The manifest in the weights' metadata is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
  }
}

function invalid(detail: string): InvalidModelError {
  return new InvalidModelError(`This is not a valid spectromix export: ${detail} Re-create it with \`spectromix export\`.`);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object; got ${Array.isArray(value) ? 'an array' : (JSON.stringify(value) ?? 'nothing')}.`);
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
