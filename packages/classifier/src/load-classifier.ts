import * as tf from '@spectromix/tensor';
import { selectBackend, BROWSER_BACKENDS, type BackendName, type ClassifierBackend } from './backend.js';
import { Classifier } from './classifier.js';
import { ClassifierOptionError } from './errors.js';
import { parseExport } from './export-format.js';
import { buildModel, withPrecision } from './model.js';
import { precisionOption, resolvePrecision, type InferencePrecision } from './precision.js';
import { readModelSource, type ModelSource } from './model-source.js';

/** Options of {@link loadClassifier}. */
export interface LoadClassifierOptions {
  /** Backends to try, in order (default webgpu, webgl, wasm, cpu): the first that works is used. */
  readonly backends?: readonly BackendName[];
  /** URL prefix (ending in `/`) where tfjs's WASM files are served; needed for the wasm backend in bundled apps. */
  readonly wasmPaths?: string;
  /** Largest audio file `classify` accepts, in bytes (default 32 MiB). */
  readonly maxAudioBytes?: number;
  /** Longest audio `classify` accepts, in seconds (default 600). */
  readonly maxAudioSeconds?: number;
  /** Largest weights file accepted, in bytes (default 256 MiB). */
  readonly maxModelBytes?: number;
  /** Run one forward pass on silence after loading so the first real one is not slowed by shader compilation (default true). */
  readonly warmUp?: boolean;
  /** The fetch used for URLs (default `globalThis.fetch`). */
  readonly fetch?: typeof fetch;
  /** Aborts downloads. */
  readonly signal?: AbortSignal;
  /**
   * Called once the backend is initialised, before the model is built and warmed up: where an app plugs in a backend
   * package, e.g. `(b) => { if (b.name === 'webgpu') installSpectromixKernels(); }` with `@spectromix/webgpu-kernels`
   * (libraries, this one included, never import it).
   */
  readonly onBackend?: (backend: ClassifierBackend) => void;
  /**
   * Precision of the model's products (default `'auto'`): `'auto'` multiplies f16 operands with f32 sums (LayerNorm,
   * biases, GELU and softmax stay f32) where the backend in use declares f16 inference and its WebGPU device offers
   * `shader-f16` (WebGPU with `@spectromix/webgpu-kernels` installed in `onBackend`), and runs fp32 elsewhere;
   * `'f16'` does the same or throws PrecisionUnavailableError; `'fp32'` never uses f16. The choice and its reason are
   * `classifier.precision`. With f16 the weights are converted to f16 once, at load.
   */
  readonly precision?: InferencePrecision;
}

/** Default size and length limits. */
export const DEFAULT_LIMITS = {
  maxAudioBytes: 32 * 1024 * 1024,
  maxAudioSeconds: 600,
  maxModelBytes: 256 * 1024 * 1024,
} as const;

/**
 * Loads a model exported by `spectromix export` and makes it ready to classify: reads the export (URL of the
 * folder or its config.json, the files themselves, or the parts), checks config, labels and weights against each
 * other, picks the first working backend (webgpu -> webgl -> wasm -> cpu) and builds the model on it.
 * @example
 * ```ts
 * const classifier = await loadClassifier('/models/fsdd-digits/');
 * console.log(classifier.backend.name, classifier.backend.reason);
 * console.log(classifier.precision.name, classifier.precision.reason); // 'f16' where WebGPU offers shader-f16
 * const result = await classifier.classify(new Uint8Array(await file.arrayBuffer()));
 * console.log(result.top.label, result.top.probability, `${result.latencyMs.toFixed(1)} ms`);
 * ```
 * @throws ModelLoadError, InvalidModelError, ModelMismatchError, InputTooLargeError, NoBackendError,
 * PrecisionUnavailableError, ClassifierOptionError: all `ClassifierError`s.
 */
export async function loadClassifier(source: ModelSource, options: LoadClassifierOptions = {}): Promise<Classifier> {
  const limits = {
    maxAudioBytes: positive(options.maxAudioBytes, DEFAULT_LIMITS.maxAudioBytes, 'maxAudioBytes'),
    maxAudioSeconds: positive(options.maxAudioSeconds, DEFAULT_LIMITS.maxAudioSeconds, 'maxAudioSeconds'),
  };
  const maxModelBytes = positive(options.maxModelBytes, DEFAULT_LIMITS.maxModelBytes, 'maxModelBytes');
  const requested = precisionOption(options.precision);
  const parts = await readModelSource(source, {
    maxModelBytes,
    ...(options.fetch != null ? { fetch: options.fetch } : {}),
    ...(options.signal != null ? { signal: options.signal } : {}),
  });
  const bundle = parseExport(parts);
  const backend = await selectBackend(options.backends ?? BROWSER_BACKENDS, options.wasmPaths != null ? { wasmPaths: options.wasmPaths } : {});
  options.onBackend?.(backend);
  const built = buildModel(bundle);
  let resolved: ReturnType<typeof resolvePrecision>;
  try {
    resolved = resolvePrecision(requested, backend, () => [...built.parameters().values()]);
  } catch (error) {
    built.dispose();
    throw error;
  }
  const model = withPrecision(built, resolved.scope);
  if (options.warmUp ?? true) {
    const { targetLength, numMelBins } = bundle.features;
    const out = tf.tidy(() => model.forward(tf.zeros([1, targetLength, numMelBins]), { training: false }));
    await out.data();
    out.dispose();
  }
  return new Classifier(model, bundle, backend, limits, resolved.precision);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value == null) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new ClassifierOptionError(`${name} must be a positive number; got ${value}.`);
  return value;
}
