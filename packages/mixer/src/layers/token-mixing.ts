import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { mixerOps } from '../ops/select.js';
import { isTokenwise, type ChannelOptions, type ResidualOptions } from './linear.js';
import { MixerConfigError } from '../errors.js';
import { declaresFusion } from './fusion.js';

function addResidual(y: tf.Tensor, residual: tf.Tensor | undefined): tf.Tensor {
  return residual == null ? y : tf.add(residual, y);
}

/**
 * Applies an MLP across tokens: `[B, N, D]` -> `[B, N, D]` with the MLP mapping the N axis. MLPs that implement
 * `forwardTokens` (Linear, Mlp) run along axis -2 directly, without transposing activations, when the
 * backend's ops are tokenwise; other modules, and every MLP on backends whose batched matMul is slow (wasm), get
 * the transpose to `[B, D, N]` and back. The MLP is inlined, so its parameters keep their own names under this
 * layer's name (`mlp_tokens.fc1.weight`).
 */
export class TokenMixing extends Module {
  /** @param mlp maps the last axis N -> N (e.g. `new Mlp({ inFeatures: N, hiddenFeatures: D_S })`). */
  constructor(readonly mlp: Module) {
    super();
    this.inline(mlp);
  }

  /** `[B, N, D]` -> `[B, N, D]`, plus `options.residual` (`[B, N, D]`) when given. */
  forward(x: tf.Tensor, options: ResidualOptions = {}): tf.Tensor {
    const mlp = this.mlp;
    // A layer that declares the `residual` fusion takes the residual into its last op (fused on WebGPU); others get an add.
    if (isTokenwise(mlp) && mixerOps().tokenwise) {
      return declaresFusion(mlp, 'residual') ? mlp.forwardTokens(x, options) : tf.tidy(() => addResidual(mlp.forwardTokens(x), options.residual));
    }
    return tf.tidy(() => addResidual(tf.transpose(mlp.forward(tf.transpose(x, [0, 2, 1])), [0, 2, 1]), options.residual));
  }
}

/** Applies an MLP to every token's channels: `[B, N, D]` -> `[B, N, D]`. The MLP is inlined like in {@link TokenMixing}. */
export class ChannelMixing extends Module {
  /** @param mlp maps the last axis D -> D. */
  constructor(readonly mlp: Module) {
    super();
    this.inline(mlp);
  }

  /**
   * Whether the MLP can read its input through a Roll-Time itself (`options.inputRoll`): it declares the
   * `inputRoll` fusion (`Mlp` and `Linear` do; see `FusionSupport`).
   */
  get foldsInputRoll(): boolean {
    return declaresFusion(this.mlp, 'inputRoll');
  }

  /**
   * `[B, N, D]` -> `[B, N, D]`, plus `options.residual` when given; with `options.inputRoll` (only where
   * {@link foldsInputRoll}) the MLP reads `x` through that Roll-Time.
   */
  forward(x: tf.Tensor, options: ChannelOptions = {}): tf.Tensor {
    const mlp = this.mlp;
    const roll = options.inputRoll;
    if (roll != null) {
      if (!declaresFusion(mlp, 'inputRoll')) {
        throw new MixerConfigError("ChannelMixing: inputRoll needs a channel MLP that declares the 'inputRoll' fusion (Mlp and Linear do); apply the roll module to the input instead.");
      }
      return mlp.forward(x, options);
    }
    return declaresFusion(mlp, 'residual') ? mlp.forward(x, options) : tf.tidy(() => addResidual(mlp.forward(x), options.residual));
  }
}
