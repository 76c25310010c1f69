import { readSafetensors } from '@spectromix/tensor/codecs';
import { EXPORT_FILES, featureSettings, MANIFEST_METADATA_KEY, ManifestError, parseManifest, type FeatureSettings, type ScoreActivation } from '@spectromix/features';
import { InvalidModelError, ModelMismatchError } from './errors.js';

/*
 * Reading an export's parts into the bundle the classifier runs. The format itself (file names, the manifest, its
 * versions and migration) is `@spectromix/features`'; this module only finds the manifest (beside the weights or
 * in their safetensors metadata) and turns the package's errors into the classifier's.
 */

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
 * @throws InvalidModelError when the weights are not safetensors, the manifest is missing or a field is wrong (or
 * of a newer version); ModelMismatchError when the labels and the model's class count, or the features and the
 * model's input, disagree.
 */
export function parseExport(parts: ExportParts): ModelBundle {
  if (parts.weights.byteLength === 0) throw invalid(`${EXPORT_FILES.weights} is empty.`);
  const source = parts.manifest !== undefined ? EXPORT_FILES.manifest : `the metadata of ${EXPORT_FILES.weights}`;
  let manifest;
  try {
    manifest = parseManifest(parts.manifest ?? manifestFromWeights(parts.weights), source);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    if (error.kind === 'mismatch') throw new ModelMismatchError(error.message, { cause: error });
    throw new InvalidModelError(`This is not a spectromix export this package reads: ${error.message}`, { cause: error });
  }
  return { modelConfig: manifest.model, labels: manifest.labels, features: featureSettings(manifest), activation: manifest.output, weights: parts.weights };
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
