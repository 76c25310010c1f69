import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { isTokenwise } from './linear.js';
import { prefersPlainMatMul } from './linear-ops.js';

/**
 * Applies an MLP across tokens: `[B, N, D]` -> `[B, N, D]` with the MLP mapping the N axis. MLPs that implement
 * `forwardTokens` (Linear, Mlp) run along axis -2 directly, without transposing activations; other modules, and
 * every MLP on backends whose batched matMul is slow (wasm), get the transpose to `[B, D, N]` and back. The MLP is
 * inlined, so its parameters keep their own names under this layer's name (`mlp_tokens.fc1.weight`).
 */
export class TokenMixing extends Module {
  /** @param mlp maps the last axis N -> N (e.g. `new Mlp({ inFeatures: N, hiddenFeatures: D_S })`). */
  constructor(readonly mlp: Module) {
    super();
    this.inline(mlp);
  }

  /** `[B, N, D]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    const mlp = this.mlp;
    if (isTokenwise(mlp) && !prefersPlainMatMul()) return mlp.forwardTokens(x);
    return tf.tidy(() => tf.transpose(mlp.forward(tf.transpose(x, [0, 2, 1])), [0, 2, 1]));
  }
}

/** Applies an MLP to every token's channels: `[B, N, D]` -> `[B, N, D]`. The MLP is inlined like in {@link TokenMixing}. */
export class ChannelMixing extends Module {
  /** @param mlp maps the last axis D -> D. */
  constructor(readonly mlp: Module) {
    super();
    this.inline(mlp);
  }

  /** `[B, N, D]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    return this.mlp.forward(x);
  }
}
