import type * as tf from '@spectromix/tensor';

/**
 * A backend's f16 inference, declared by a {@link MixerOps} implementation as `f16Inference` (a capability: callers
 * choose by what the ops declare, never by their name): forward passes whose linear maps multiply f16 operands with
 * f32 accumulation, while LayerNorm, biases, activations, residual adds and everything after the logits stay f32.
 * `@spectromix/classifier` uses it for `loadClassifier(..., { precision })`; backend plug-ins
 * (`@spectromix/webgpu-kernels`) implement it; this package only defines it.
 */
export interface F16Inference {
  /** A short name of the kernels that run the f16 products, for reports (e.g. `'shader-f16 tiled'`). */
  kernel(): string;
  /**
   * Why the active device cannot run f16 products (e.g. its WebGPU device lacks `shader-f16`), or undefined when it
   * can. Checked before {@link F16Inference.prepare}.
   */
  unavailable(): string | undefined;
  /**
   * Whether the f16 products run on matrix hardware (tensor cores, e.g. WebGPU subgroup matrices) on the active
   * device, so that they can be expected to beat fp32. Where they do not (a plain shader-f16 kernel), callers that
   * choose for speed keep fp32: such a kernel measured 1.5-2.6x slower than the tuned fp32 one (BENCHMARKS.md).
   */
  accelerated(): boolean;
  /**
   * Makes f16 copies of `weights` (a model's parameters) once, where the kernels read them, and returns the scope to
   * run forward passes in. Call after the weights are loaded; the copies follow no later change of the weights.
   */
  prepare(weights: readonly tf.Tensor[]): F16InferenceScope;
}

/** Forward passes with f16 products over weights prepared by {@link F16Inference.prepare}. */
export interface F16InferenceScope {
  /** Runs `forward` (synchronous: a `tf.tidy` body) with f16 products; the precision in force before is restored after. */
  run<T>(forward: () => T): T;
  /** Bytes of the f16 weight copies. */
  readonly bytes: number;
  /** Frees the f16 copies; `run` then throws. */
  dispose(): void;
}
