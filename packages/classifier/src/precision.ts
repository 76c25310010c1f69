import type * as tf from '@spectromix/tensor';
import { mixerOps, type F16InferenceScope } from '@spectromix/mixer';
import type { ClassifierBackend } from './backend.js';
import { ClassifierOptionError, PrecisionUnavailableError } from './errors.js';

/**
 * Precisions `loadClassifier` accepts: f16 products where they are faster (`'auto'`: where the device multiplies f16 on
 * matrix hardware), f16 wherever the device has shader-f16 or an error (`'f16'`), or fp32.
 */
export const INFERENCE_PRECISIONS = ['auto', 'f16', 'fp32'] as const;

/** `'auto' | 'f16' | 'fp32'` (see {@link INFERENCE_PRECISIONS}). */
export type InferencePrecision = (typeof INFERENCE_PRECISIONS)[number];

/** The precision a classifier runs at, and why. */
export interface ClassifierPrecision {
  /** `'f16'`: the model's products multiply f16 operands with f32 sums (LayerNorm, biases, softmax in f32); `'fp32'`: all f32. */
  readonly name: 'f16' | 'fp32';
  /** What `loadClassifier` was asked for. */
  readonly requested: InferencePrecision;
  /** One sentence: what was asked for and what was chosen, with the reason f16 could not run where it did not. */
  readonly reason: string;
  /** The kernels that run the f16 products (from the backend plug-in), for f16 only. */
  readonly kernel?: string;
}

/** A resolved precision: f16 comes with the scope its forward passes run in. */
export interface ResolvedPrecision {
  readonly precision: ClassifierPrecision;
  readonly scope?: F16InferenceScope;
}

/** Checks the option; the default is `'auto'`. */
export function precisionOption(value: InferencePrecision | undefined): InferencePrecision {
  if (value == null) return 'auto';
  if (!(INFERENCE_PRECISIONS as readonly string[]).includes(value)) {
    throw new ClassifierOptionError(`Unknown precision '${String(value)}'; use one of ${INFERENCE_PRECISIONS.join(', ')}.`);
  }
  return value;
}

/**
 * Chooses the precision on the backend in use, from what its ops declare (`@spectromix/mixer`'s `f16Inference`
 * capability, which a backend plug-in such as `@spectromix/webgpu-kernels` provides): f16 where they declare it and
 * the device can run it (for `'auto'` only where it runs on matrix hardware, `accelerated()`), and fp32 otherwise. For f16 the weights are converted once, here.
 * @param weights the model's parameters (loaded), for their f16 copies.
 * @throws PrecisionUnavailableError for `'f16'` where f16 products cannot run.
 */
export function resolvePrecision(requested: InferencePrecision, backend: ClassifierBackend, weights: () => readonly tf.Tensor[]): ResolvedPrecision {
  if (requested === 'fp32') return { precision: { name: 'fp32', requested, reason: "'fp32' was asked for" } };
  const why = f16Unavailable(backend);
  if (why != null) {
    if (requested === 'f16') throw new PrecisionUnavailableError(why);
    return { precision: { name: 'fp32', requested, reason: `'auto' runs fp32: ${why}` } };
  }
  const f16 = mixerOps(backend.name).f16Inference;
  if (f16 == null) throw new PrecisionUnavailableError('the ops lost their f16 inference');
  if (requested === 'auto' && !f16.accelerated()) {
    return {
      precision: {
        name: 'fp32',
        requested,
        reason: `'auto' runs fp32: the device has shader-f16 but no matrix hardware for f16 (${f16.kernel()}), which measured 1.5-2.6x slower than fp32; precision 'f16' runs it anyway`,
      },
    };
  }
  const scope = f16.prepare(weights());
  const kernel = f16.kernel();
  return { precision: { name: 'f16', requested, reason: `'${requested}' runs f16 products (f32 accumulation) on the WebGPU device's shader-f16: ${kernel}`, kernel }, scope };
}

function f16Unavailable(backend: ClassifierBackend): string | undefined {
  if (backend.name !== 'webgpu') return `the backend is '${backend.name}'; f16 products need WebGPU with shader-f16`;
  const ops = mixerOps(backend.name);
  if (ops.f16Inference == null) {
    return `the ops in use on 'webgpu' ('${ops.name}') declare no f16 inference (install @spectromix/webgpu-kernels in onBackend: installSpectromixKernels())`;
  }
  return ops.f16Inference.unavailable();
}
