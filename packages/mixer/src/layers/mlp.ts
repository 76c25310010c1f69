import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { Linear, type ChannelOptions, type ResidualOptions, type TokenwiseModule } from './linear.js';
import { gelu, type ActFactory, type Activation } from './activations.js';
import type { LinearEpilogue } from '../ops/mixer-ops.js';
import type { FusionSupport } from './fusion.js';

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

/**
 * `fc2(act(fc1(x)))` on the last axis, or along axis -2 with {@link Mlp.forwardTokens}. An activation the
 * backend's linear op can apply (exact GELU) runs in `fc1`'s epilogue, and a residual in `fc2`'s.
 */
export class Mlp extends Module implements TokenwiseModule {
  /** Takes a residual into fc2's product and reads its input through a Roll-Time plan (folded into fc1). */
  readonly fusion: FusionSupport = { residual: true, inputRoll: true };
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

  /**
   * `[..., in]` -> `[..., out]`, plus `options.residual` when given; with `options.inputRoll`, `fc1` reads `x`
   * through that Roll-Time (`forward(rollTime(x))`, the roll folded into fc1 where the backend's ops can).
   */
  forward(x: tf.Tensor, options: ChannelOptions = {}): tf.Tensor {
    return this.#apply(x, -1, options);
  }

  /** `[B, in, C]` -> `[B, out, C]` (token mixing without transposes), plus `options.residual` when given. */
  forwardTokens(x: tf.Tensor, options: ResidualOptions = {}): tf.Tensor {
    return this.#apply(x, -2, options);
  }

  #apply(x: tf.Tensor, axis: -1 | -2, options: ChannelOptions): tf.Tensor {
    const map = (layer: Linear, input: tf.Tensor, epilogue: LinearEpilogue): tf.Tensor => (axis === -1 ? layer.forward(input, epilogue) : layer.forwardTokens(input, epilogue));
    const roll = options.inputRoll;
    const first = (epilogue: LinearEpilogue): tf.Tensor => (roll == null ? map(this.fc1, x, epilogue) : this.fc1.forwardRolled(x, roll, epilogue));
    return tf.tidy(() => {
      const fused = this.act.fusedActivation;
      const h = fused == null ? this.act.forward(first({}), axis) : first({ activation: fused });
      return map(this.fc2, h, { residual: options.residual });
    });
  }
}
