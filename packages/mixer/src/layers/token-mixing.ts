import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { mixerOps } from '../ops/select.js';
import { Linear, isTokenwise, type ChannelOptions, type ResidualOptions } from './linear.js';
import { MixerConfigError } from '../errors.js';
import { Mlp } from './mlp.js';

// The built-in layers take the residual into their last op (fused on WebGPU); other modules get an add.
function fusesResidual(m: Module): m is Mlp | Linear {
  return m instanceof Mlp || m instanceof Linear;
}

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
    if (isTokenwise(mlp) && mixerOps().tokenwise) {
      return fusesResidual(mlp) ? mlp.forwardTokens(x, options) : tf.tidy(() => addResidual(mlp.forwardTokens(x), options.residual));
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
   * Whether the MLP can read its input through a Roll-Time itself (`options.inputRoll`): a built-in {@link Mlp}
   * or {@link Linear}, not a subclass (which might override `forward` and drop the roll).
   */
  get foldsInputRoll(): boolean {
    const proto: unknown = Object.getPrototypeOf(this.mlp);
    return proto === Mlp.prototype || proto === Linear.prototype;
  }

  /**
   * `[B, N, D]` -> `[B, N, D]`, plus `options.residual` when given; with `options.inputRoll` (only where
   * {@link foldsInputRoll}) the MLP reads `x` through that Roll-Time.
   */
  forward(x: tf.Tensor, options: ChannelOptions = {}): tf.Tensor {
    const mlp = this.mlp;
    const roll = options.inputRoll;
    if (roll != null) {
      if (!this.foldsInputRoll) throw new MixerConfigError('ChannelMixing: inputRoll needs a built-in Mlp or Linear channel MLP; apply the roll module to the input instead.');
      return mlp instanceof Mlp ? mlp.forward(x, options) : (mlp as Linear).forwardRolled(x, roll, { residual: options.residual });
    }
    return fusesResidual(mlp) ? mlp.forward(x, options) : tf.tidy(() => addResidual(mlp.forward(x), options.residual));
  }
}
