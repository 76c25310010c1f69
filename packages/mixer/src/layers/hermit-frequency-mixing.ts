import * as tf from '@spectromix/tensor';
import { hfft, irfft } from '@spectromix/hfft';
import { Module } from '../module.js';
import { normalInit } from '../init.js';
import { checkTokens, type PatchGrid } from '../grid.js';
import { MixerConfigError } from '../errors.js';

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
  /** `[T', D]`. */
  readonly filter: tf.Variable;
  /** FFT length M = 2 (T' - 1). */
  readonly fftLength: number;

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
  }

  /** `[B, N, D]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    const { grid, dim } = this.options;
    const n = checkTokens('HermitFrequencyMixing', x, grid, dim);
    return tf.tidy(() => {
      const t = grid.time;
      const opts = { n: this.fftLength, axis: 2, norm: 'ortho' } as const;
      const z = tf.reshape(x, [-1, grid.freq, t, dim]);
      const spectrum = tf.slice(hfft(z, null, opts), [0, 0, 0, 0], [-1, -1, t, -1]);
      const filtered = tf.mul(spectrum, this.filter);
      const y = tf.slice(irfft(filtered, null, opts), [0, 0, 0, 0], [-1, -1, t, -1]);
      return tf.reshape(y, [-1, n, dim]);
    });
  }
}
