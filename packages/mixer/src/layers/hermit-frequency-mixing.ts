import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { normalInit } from '../init.js';
import { checkTokens, type PatchGrid } from '../grid.js';
import { MixerConfigError } from '../errors.js';
import { mixerOps } from '../ops/select.js';
import type { HermitPlan } from '../ops/mixer-ops.js';
import type { ResidualOptions } from './linear.js';
import type { FusionSupport } from './fusion.js';

/** Options of {@link HermitFrequencyMixing}. */
export interface HermitFrequencyMixingOptions {
  /** The patch grid (F', T'); T' must be at least 2. */
  readonly grid: PatchGrid;
  /** Embedding width D. */
  readonly dim: number;
  /** Standard deviation of the filter's normal initialisation (default 0.02: the branch starts near zero). */
  readonly filterStd?: number;
}

/**
 * Hermit-frequency mixing: a learnable global filter along time in the cosine domain. Views `[B, N, D]` as
 * `[B, F', T', D]` and, along t with `M = 2 (T' - 1)`: `U = hfft(z, n=M, norm='ortho')[:T']` (real; the DCT-I of z
 * over sqrt M), `U * filter` with `filter` `[T', D]`, then `irfft(., n=M, norm='ortho')[:T']`. With `filter = 1` it
 * returns its input. Built on `@spectromix/hfft` (`torch.fft` semantics, differentiable).
 */
export class HermitFrequencyMixing extends Module {
  /** Adds a residual inside its last product (fused on WebGPU). */
  readonly fusion: FusionSupport = { residual: true };
  /** `[T', D]`. */
  readonly filter: tf.Variable;
  /** FFT length M = 2 (T' - 1). */
  readonly fftLength: number;
  /** The transform as the ops take it: the FFT length and, built on demand, the cosine matrix. */
  readonly plan: HermitPlan;

  /** @param options grid, width and filter init. */
  constructor(readonly options: HermitFrequencyMixingOptions) {
    super();
    const { grid, dim } = options;
    if (grid.time < 2) {
      throw new MixerConfigError(`HermitFrequencyMixing needs at least 2 time patches (T' >= 2) for its length-2(T'-1) transform, got T' = ${grid.time}: use a targetLength of at least 26 frames.`);
    }
    if (!Number.isInteger(dim) || dim <= 0) throw new MixerConfigError(`HermitFrequencyMixing: dim must be a positive integer, got ${dim}.`);
    this.fftLength = 2 * (grid.time - 1);
    this.filter = this.registerParameter('filter', normalInit([grid.time, dim], options.filterStd ?? 0.02));
    this.plan = { grid, fftLength: this.fftLength, matrix: () => this.#matrix() };
    // Built now (T'^2 values) rather than on the first forward, so forward passes allocate nothing that stays.
    this.#matrix();
  }

  /** `[B, N, D]` -> `[B, N, D]`, plus `options.residual` (`[B, N, D]`, fused into the last op on WebGPU) when given. */
  forward(x: tf.Tensor, options: ResidualOptions = {}): tf.Tensor {
    const { grid, dim } = this.options;
    checkTokens('HermitFrequencyMixing', x, grid, dim);
    return mixerOps().hermitMix(x as tf.Tensor3D, this.filter as tf.Tensor2D, this.plan, options.residual as tf.Tensor3D | undefined);
  }

  // The cosine matrix of the plan, kept as a buffer.
  #matrix(): tf.Tensor2D {
    const kept = this.buffer('cosine') as tf.Tensor2D | undefined;
    return kept ?? this.registerBuffer('cosine', tf.tensor2d(cosineMatrix(this.options.grid.time), [this.options.grid.time, this.options.grid.time]));
  }
}

/**
 * `C[k, j] = w_j cos(pi k j / (t - 1)) / sqrt(2 (t - 1))`, `w_j` 1 for j = 0 and t - 1 and 2 otherwise, in float64
 * then rounded: the first t outputs of `hfft` / `irfft` (`norm='ortho'`, `n = 2 (t - 1)`) of a real length-t input.
 */
export function cosineMatrix(t: number): Float32Array {
  const m = 2 * (t - 1);
  const out = new Float32Array(t * t);
  for (let k = 0; k < t; k++) {
    for (let j = 0; j < t; j++) {
      const w = j === 0 || j === t - 1 ? 1 : 2;
      // (k j) mod m keeps the cosine's argument small, so float64 rounding stays near one ulp.
      out[k * t + j] = (w * Math.cos((Math.PI * ((k * j) % m)) / (t - 1))) / Math.sqrt(m);
    }
  }
  return out;
}
