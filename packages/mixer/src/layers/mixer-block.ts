import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { TokenMixing, ChannelMixing } from './token-mixing.js';
import { DropPath } from './drop-path.js';
import { layerNormFactory, type LayerFactory } from './factories.js';
import { normWithSkip } from './layer-norm.js';

/** Options of {@link MixerBlock}. */
export interface MixerBlockOptions {
  /** Embedding width D. */
  readonly dim: number;
  /** Tokens N. */
  readonly numTokens: number;
  /** Token MLP for N (registered as `mlp_tokens`). */
  readonly tokenMlp: LayerFactory;
  /** Channel MLP for D (registered as `mlp_channels`). */
  readonly channelMlp: LayerFactory;
  /** Norm for D (default LayerNorm, eps 1e-6). */
  readonly norm?: LayerFactory;
  /** Stochastic depth rate of both branches (default 0). */
  readonly dropPath?: number;
}

/**
 * The plain MLP-Mixer block (timm's `MixerBlock`): `x + mlp_tokens(norm1(x))` across tokens, then
 * `x + mlp_channels(norm2(x))` across channels. `[B, N, D]` -> `[B, N, D]`.
 */
export class MixerBlock extends Module {
  /** Norm before token mixing. */
  readonly norm1: Module;
  /** Token mixing. */
  readonly mlpTokens: TokenMixing;
  /** Norm before channel mixing. */
  readonly norm2: Module;
  /** Channel mixing. */
  readonly mlpChannels: ChannelMixing;
  /** Stochastic depth on both branches. */
  readonly dropPath: DropPath;

  /** @param options sizes and factories. */
  constructor(options: MixerBlockOptions) {
    super();
    const norm = options.norm ?? layerNormFactory();
    this.norm1 = this.registerModule('norm1', norm(options.dim));
    this.mlpTokens = this.registerModule('mlp_tokens', new TokenMixing(options.tokenMlp(options.numTokens)));
    this.norm2 = this.registerModule('norm2', norm(options.dim));
    this.mlpChannels = this.registerModule('mlp_channels', new ChannelMixing(options.channelMlp(options.dim)));
    this.dropPath = this.registerModule('drop_path', new DropPath(options.dropPath ?? 0));
  }

  /** `[B, N, D]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [n1, x1] = normWithSkip(this.norm1, x);
      const y = this.dropPath.addTo(x1, (o) => this.mlpTokens.forward(n1, o));
      const [n2, y1] = normWithSkip(this.norm2, y);
      return this.dropPath.addTo(y1, (o) => this.mlpChannels.forward(n2, o));
    });
  }
}
