import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { normalInit } from '../init.js';
import { mixerOps } from '../ops/select.js';
import type { FusedActivation } from '../ops/mixer-ops.js';

/**
 * An activation layer. `featureAxis` tells activations with per-feature parameters (Acon-C) which axis holds
 * the features: -1 normally, -2 when an MLP mixes tokens along axis -2 (see `Linear.forwardTokens`).
 */
export abstract class Activation extends Module {
  /**
   * The epilogue name under which the backend's linear op can apply this activation itself (so `Mlp` fuses
   * it into `fc1`), or null when it must run as its own layer.
   */
  readonly fusedActivation: FusedActivation | null = null;

  /** Applies the activation; `featureAxis` is -1 or -2. */
  abstract override forward(x: tf.Tensor, featureAxis?: -1 | -2): tf.Tensor;
}

/** Makes an activation for a layer with `features` hidden units (elementwise ones ignore it). */
export type ActFactory = (features: number) => Activation;

/** Exact GELU, `0.5 x (1 + erf(x / sqrt 2))` (`torch.nn.GELU()`). */
export class Gelu extends Activation {
  /** @inheritdoc */
  override readonly fusedActivation = 'gelu';

  /** @inheritdoc */
  forward(x: tf.Tensor): tf.Tensor {
    return mixerOps().gelu(x);
  }
}

/** Mish, `x tanh(softplus(x))` (`torch.nn.Mish`). */
export class Mish extends Activation {
  /** @inheritdoc */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x))));
  }
}

/** Swish / SiLU, `x sigmoid(x)` (`torch.nn.SiLU`). */
export class Swish extends Activation {
  /** @inheritdoc */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
  }
}

/**
 * Acon-C (Ma et al., "Activate or Not", CVPR 2021): `(p1 - p2) x sigmoid(beta (p1 - p2) x) + p2 x` with learnable
 * per-feature `p1`, `p2` (init standard normal) and `beta` (init 1), as the paper's `AconC`, kept as `[features]`.
 */
export class AconC extends Activation {
  /** `[features]`. */
  readonly p1: tf.Variable;
  /** `[features]`. */
  readonly p2: tf.Variable;
  /** `[features]`. */
  readonly beta: tf.Variable;

  /** @param features number of features (hidden units). */
  constructor(readonly features: number) {
    super();
    this.p1 = this.registerParameter('p1', normalInit([features], 1));
    this.p2 = this.registerParameter('p2', normalInit([features], 1));
    this.beta = this.registerParameter('beta', tf.ones([features]));
  }

  /** @inheritdoc */
  forward(x: tf.Tensor, featureAxis: -1 | -2 = -1): tf.Tensor {
    return tf.tidy(() => {
      const shape = featureAxis === -1 ? [this.features] : [this.features, 1];
      const p1 = tf.reshape(this.p1, shape);
      const p2 = tf.reshape(this.p2, shape);
      const beta = tf.reshape(this.beta, shape);
      const dpx = tf.mul(tf.sub(p1, p2), x);
      return tf.add(tf.mul(dpx, tf.sigmoid(tf.mul(beta, dpx))), tf.mul(p2, x));
    });
  }
}

/** Factory for exact GELU (the Mixer default). */
export const gelu: ActFactory = () => new Gelu();
/** Factory for Mish. */
export const mish: ActFactory = () => new Mish();
/** Factory for Swish / SiLU. */
export const swish: ActFactory = () => new Swish();
/** Factory for Acon-C with one set of learnable parameters per hidden unit. */
export const aconC: ActFactory = (features) => new AconC(features);
