import type * as tf from '@spectromix/tensor';
import type { F16InferenceScope } from '@spectromix/mixer';
import { modelFromConfig, type AsmRhConfig } from '@spectromix/asm-rh';
import { SafetensorsError } from '@spectromix/tensor/codecs';
import { ClassifierError, InvalidModelError, ModelMismatchError } from './errors.js';
import type { ModelBundle } from './export-format.js';

/** What the classifier needs of a model: eval-mode forward from `[B, T, mels]` to logits `[B, K]`, and dispose. */
export interface RunnableModel {
  /** Logits `[B, K]` for input `[B, T, mels]`. */
  forward(x: tf.Tensor, options: { training: boolean }): tf.Tensor;
  /** The weights by name. */
  parameters(): ReadonlyMap<string, tf.Tensor>;
  /** Frees the weights. */
  dispose(): void;
}

/**
 * The model whose forward passes run inside `scope` (f16 products over the weights' f16 copies), and whose dispose
 * frees the copies first; the model itself without a scope.
 */
export function withPrecision(model: RunnableModel, scope: F16InferenceScope | undefined): RunnableModel {
  if (scope == null) return model;
  return {
    forward: (x, options) => scope.run(() => model.forward(x, options)),
    parameters: () => model.parameters(),
    dispose: () => {
      scope.dispose();
      model.dispose();
    },
  };
}

/**
 * Builds the model an export describes on the active backend and loads its weights.
 * @throws InvalidModelError when the config does not describe a model; ModelMismatchError when the weights do
 * not fit it (another preset, class count or target length), with the model package's error as `cause`.
 */
export function buildModel(bundle: ModelBundle): RunnableModel {
  let model: ReturnType<typeof modelFromConfig>;
  try {
    model = modelFromConfig(bundle.modelConfig as unknown as AsmRhConfig, { weightBytes: bundle.weights.byteLength });
  } catch (error) {
    throw new InvalidModelError(
      `The export's model config does not describe a model this package can build: ${message(error)} ` +
        'Re-create the export with a matching version of `spectromix export`.',
      { cause: error },
    );
  }
  try {
    model.loadWeights(bundle.weights);
  } catch (error) {
    model.dispose();
    if (error instanceof ClassifierError) throw error;
    if (error instanceof SafetensorsError) {
      throw new InvalidModelError(`The weights file is not valid safetensors: ${message(error)} It is damaged or not a weights file.`, { cause: error });
    }
    throw new ModelMismatchError(
      `The weights do not match the model the config describes: ${message(error)} The weights file belongs to ` +
        'another model (preset, class count or target length); load config and weights from the same export.',
      { cause: error },
    );
  }
  return model;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
