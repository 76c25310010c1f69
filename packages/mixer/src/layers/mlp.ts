import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { Linear, type TokenwiseModule } from './linear.js';
import { gelu, type ActFactory, type Activation } from './activations.js';

/** Options of {@link Mlp} (the shape timm's `Mlp` takes, in camelCase). */
export interface MlpOptions {
  /** Input features. */
  readonly inFeatures: number;
  /** Hidden features (the width `act` sees). */
  readonly hiddenFeatures: number;
  /** Output features (default `inFeatures`). */
  readonly outFeatures?: number;
  /** Activation factory (default exact {@link gelu}). */
  readonly act?: ActFactory;
  /** Biases on both layers (default true). */
  readonly bias?: boolean;
}

/** `fc2(act(fc1(x)))` on the last axis, or along axis -2 with {@link Mlp.forwardTokens}. */
export class Mlp extends Module implements TokenwiseModule {
  /** First layer, `inFeatures -> hiddenFeatures`. */
  readonly fc1: Linear;
  /** The activation (registered as `act`; only Acon-C has parameters). */
  readonly act: Activation;
  /** Second layer, `hiddenFeatures -> outFeatures`. */
  readonly fc2: Linear;

  /** @param options sizes and the activation. */
  constructor(options: MlpOptions) {
    super();
    const bias = options.bias ?? true;
    this.fc1 = this.registerModule('fc1', new Linear(options.inFeatures, options.hiddenFeatures, { bias }));
    this.act = this.registerModule('act', (options.act ?? gelu)(options.hiddenFeatures));
    this.fc2 = this.registerModule('fc2', new Linear(options.hiddenFeatures, options.outFeatures ?? options.inFeatures, { bias }));
  }

  /** `[..., in]` -> `[..., out]`. */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fc2.forward(this.act.forward(this.fc1.forward(x), -1)));
  }

  /** `[B, in, C]` -> `[B, out, C]` (token mixing without transposes). */
  forwardTokens(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fc2.forwardTokens(this.act.forward(this.fc1.forwardTokens(x), -2)));
  }
}
