import type * as tf from '@spectromix/tensor';
import type { PatchGrid } from '../grid.js';
import type { F16Inference } from './f16-inference.js';

/** An activation a {@link MixerOps} implementation can apply in a linear layer's epilogue: exact GELU. */
export type FusedActivation = 'gelu';

/** What may follow a linear map inside the same op: an activation, then a residual add. */
export interface LinearEpilogue {
  /** Applied to `x W + b` (default: none). */
  readonly activation?: FusedActivation;
  /** Added last, shaped like the output (a residual connection). */
  readonly residual?: tf.Tensor;
}

/**
 * A Roll-Time in both forms the ops need: the per-group shifts (for an op that rolls by index arithmetic) and
 * the equivalent permutation of an item's `F' T' D` values and its inverse (for a gather), built on demand.
 */
export interface RollTimePlan {
  /** The patch grid (F', T'). */
  readonly grid: PatchGrid;
  /** Contiguous channel groups C. */
  readonly groups: number;
  /** Shift of group g along F' (`torch.roll` semantics); missing groups do not move. */
  readonly shiftF: readonly number[];
  /** Shift of group g along T'. */
  readonly shiftT: readonly number[];
  /** `out[:, i] = in[:, source[i]]` over the flattened `[F', T', D]`, and `inverse` (kept by the layer). */
  permutation(): { readonly source: tf.Tensor1D; readonly inverse: tf.Tensor1D };
}

/**
 * Hermit-frequency mixing in both forms the ops need: the FFT length (for an op that transforms with
 * `@spectromix/hfft`) and the equivalent `[T', T']` cosine matrix, built on demand (for an op that multiplies).
 */
export interface HermitPlan {
  /** The patch grid (F', T'). */
  readonly grid: PatchGrid;
  /** FFT length M = 2 (T' - 1). */
  readonly fftLength: number;
  /**
   * `C` `[T', T']`, `C[k, j] = w_j cos(pi k j / (T' - 1)) / sqrt(M)` (`w` 1 at both ends, 2 inside): for real `z`
   * along T', `hfft(z, n=M, norm='ortho')[:T'] = C z` and `irfft(z, n=M, norm='ortho')[:T'] = C z` (kept by the layer).
   */
  matrix(): tf.Tensor2D;
}

/**
 * The tensor operations the Mixer layers are built from, one implementation per backend family (a strategy):
 * the layers say *what* to compute (a linear map with its epilogue, a norm, a roll) and the implementation
 * picked for the active backend by {@link mixerOps} says *how*. Every implementation computes the same values
 * with the same gradients; they differ in kernels and fusion. Weights are the layers' own variables in the
 * layers' layouts (a `Linear` weight is `[in, out]`).
 */
export interface MixerOps {
  /** A short name for logs and benchmarks. */
  readonly name: string;
  /**
   * Whether token mixing should multiply along axis -2 of `[B, N, D]` (true), or transpose the activations to
   * `[B, D, N]` and back around a last-axis MLP (false: backends whose batched or transposed matMul is slow).
   */
  readonly tokenwise: boolean;
  /** Whether Roll-Time layers should build their gather permutation when they are constructed. */
  readonly precomputesRollIndex: boolean;
  /** `act(x W + b) + residual`: `x` `[M, in]`, `weight` `[in, out]`, `bias` `[out]` or null. */
  linear(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D | null, epilogue?: LinearEpilogue): tf.Tensor2D;
  /**
   * The same map along axis -2: `act(W^T x[b] + b[:, None]) + residual`, `x` `[B, in, C]` -> `[B, out, C]`
   * (token mixing without transposes).
   */
  linearTokens(x: tf.Tensor3D, weight: tf.Tensor2D, bias: tf.Tensor1D | null, epilogue?: LinearEpilogue): tf.Tensor3D;
  /** `torch.nn.functional.layer_norm` over the last axis (biased variance, `eps` inside the square root). */
  layerNorm(x: tf.Tensor, weight: tf.Tensor1D, bias: tf.Tensor1D, eps: number): tf.Tensor;
  /**
   * `[layerNorm(x), x]` for a pre-norm residual branch: the second output is the skip connection to use in place
   * of `x`, so a backend can add the skip's gradient inside the norm's backward (no separate add).
   */
  layerNormWithSkip(x: tf.Tensor, weight: tf.Tensor1D, bias: tf.Tensor1D, eps: number): [tf.Tensor, tf.Tensor];
  /** Exact GELU, `0.5 x (1 + erf(x / sqrt 2))`. */
  gelu(x: tf.Tensor): tf.Tensor;
  /**
   * `linear(rollTime(x), weight, bias, epilogue)` for item-major tokens `x` `[B N, in]` of `plan.grid`: a linear
   * layer reading Roll-Time's output (the channel MLP's first layer), so an implementation can fold the roll into
   * the product instead of running it. Same values and gradients as the roll followed by {@link MixerOps.linear}.
   */
  rolledLinear(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D | null, plan: RollTimePlan, epilogue?: LinearEpilogue): tf.Tensor2D;
  /** Roll-Time of tokens `[B, N, D]` (N = F' T'), as `plan` describes. */
  rollTime(x: tf.Tensor3D, plan: RollTimePlan): tf.Tensor3D;
  /**
   * Hermit-frequency mixing of tokens `[B, N, D]` viewed as `[B, F', T', D]`, along T':
   * `irfft(hfft(z, n=M, norm='ortho')[:T'] * filter, n=M, norm='ortho')[:T']` with `filter` `[T', D]`, plus
   * `residual` (`[B, N, D]`) when given.
   */
  hermitMix(x: tf.Tensor3D, filter: tf.Tensor2D, plan: HermitPlan, residual?: tf.Tensor3D): tf.Tensor3D;
  /**
   * Declared by implementations that can run inference with f16 products (see {@link F16Inference}); absent where
   * they cannot (the tfjs reference ops), so a caller falls back to fp32.
   */
  readonly f16Inference?: F16Inference;
}
