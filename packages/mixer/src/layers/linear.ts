import * as tf from '@spectromix/tensor';
import { Module, permutedLayout } from '../module.js';
import { xavierUniform } from '../init.js';
import { InputShapeError, MixerConfigError } from '../errors.js';
import { mixerOps } from '../ops/select.js';
import type { LinearEpilogue, RollTimePlan } from '../ops/mixer-ops.js';
import type { FusionSupport } from './fusion.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Add a learnable bias (default true, as `torch.nn.Linear`). */
  readonly bias?: boolean;
  /** Weight initialisation: xavier-uniform (default) or zeros (a classifier head that starts neutral). */
  readonly weightInit?: 'xavierUniform' | 'zeros';
}

/**
 * A layer that can also be applied along the second-to-last axis of `[..., features, C]` without transposing
 * its input (token mixing uses this). Implemented by {@link Linear} and {@link Mlp}.
 */
export interface TokenwiseModule {
  /**
   * Applies the layer along axis -2: `[..., in, C]` -> `[..., out, C]`; a layer that declares the `residual` fusion
   * (see `FusionSupport`) also adds `options.residual`.
   */
  forwardTokens(x: tf.Tensor, options?: ResidualOptions): tf.Tensor;
}

/** Whether `m` can mix along axis -2 directly (see {@link TokenwiseModule}). */
export function isTokenwise(m: object): m is TokenwiseModule {
  return typeof (m as Partial<TokenwiseModule>).forwardTokens === 'function';
}

/** Options of layers that can add a residual inside their last op ({@link Linear}, `Mlp`). */
export interface ResidualOptions {
  /** Added to the output (same shape), fused into the last op where the backend's ops can. */
  readonly residual?: tf.Tensor;
}

/** Options of a channel layer that can also read its input through a Roll-Time ({@link Linear}, `Mlp`). */
export interface ChannelOptions extends ResidualOptions {
  /**
   * Read `[B, N, D]` tokens rolled as this plan says (a `RollTime`'s `plan`): the first linear map computes
   * `linear(rollTime(x))`, which the backend's ops may fold into the product (WebGPU: no roll pass).
   */
  readonly inputRoll?: RollTimePlan;
}

/**
 * `y = x W + b` on the last axis, like `torch.nn.Linear`. The weight is kept as `[in, out]` (what matMul wants)
 * and appears in state dicts as PyTorch's `[out, in]`. Initialised xavier-uniform with a zero bias. An optional
 * epilogue (exact GELU, then a residual add) runs inside the backend's linear op (fused on WebGPU).
 */
export class Linear extends Module implements TokenwiseModule {
  /** Takes a residual (and an activation) into its product and reads its input through a Roll-Time plan. */
  readonly fusion: FusionSupport = { residual: true, inputRoll: true };
  /** `[inFeatures, outFeatures]`. */
  readonly weight: tf.Variable;
  /** `[outFeatures]`, or null without bias. */
  readonly bias: tf.Variable | null;

  /**
   * @param inFeatures size of the input's last axis.
   * @param outFeatures size of the output's last axis.
   */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    for (const [what, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new MixerConfigError(`Linear: ${what} must be a positive integer, got ${v}.`);
    }
    const w = options.weightInit === 'zeros' ? tf.zeros([inFeatures, outFeatures]) : xavierUniform([inFeatures, outFeatures], inFeatures, outFeatures);
    this.weight = this.registerParameter('weight', w, { layout: permutedLayout([inFeatures, outFeatures], [1, 0]) });
    this.bias = options.bias ?? true ? this.registerParameter('bias', tf.zeros([outFeatures])) : null;
  }

  /**
   * `[..., in]` -> `[..., out]`, then `epilogue` (activation, residual of the output's shape); with
   * `epilogue.inputRoll` the input is read through that Roll-Time ({@link forwardRolled}).
   */
  forward(x: tf.Tensor, epilogue: LinearEpilogue & ChannelOptions = {}): tf.Tensor {
    const { inputRoll, ...rest } = epilogue;
    if (inputRoll != null) return this.forwardRolled(x, inputRoll, rest);
    this.#checkAxis(x, -1);
    return tf.tidy(() => {
      const lead = x.shape.slice(0, -1);
      const flat = (t: tf.Tensor, width: number): tf.Tensor2D => (t.rank === 2 ? (t as tf.Tensor2D) : (tf.reshape(t, [-1, width]) as tf.Tensor2D));
      const residual = epilogue.residual == null ? undefined : flat(epilogue.residual, this.outFeatures);
      const y = mixerOps().linear(flat(x, this.inFeatures), this.weight as tf.Tensor2D, this.bias as tf.Tensor1D | null, { ...epilogue, residual });
      return x.rank === 2 ? y : tf.reshape(y, [...lead, this.outFeatures]);
    });
  }

  /**
   * `forward(rollTime(x))` without running the roll on its own: `x` `[B, N, in]` (or `[B N, in]`) item-major
   * tokens of `plan.grid`, read through the Roll-Time `plan` describes (the backend's ops may fold it into the
   * product). `epilogue` as in {@link forward}.
   */
  forwardRolled(x: tf.Tensor, plan: RollTimePlan, epilogue: LinearEpilogue = {}): tf.Tensor {
    this.#checkAxis(x, -1);
    return tf.tidy(() => {
      const flat = (t: tf.Tensor, width: number): tf.Tensor2D => (t.rank === 2 ? (t as tf.Tensor2D) : (tf.reshape(t, [-1, width]) as tf.Tensor2D));
      const residual = epilogue.residual == null ? undefined : flat(epilogue.residual, this.outFeatures);
      const y = mixerOps().rolledLinear(flat(x, this.inFeatures), this.weight as tf.Tensor2D, this.bias as tf.Tensor1D | null, plan, { ...epilogue, residual });
      return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), this.outFeatures]);
    });
  }

  /**
   * `[B, in, C]` -> `[B, out, C]`: the same map along axis -2, computed as `W^T x[b]` per batch item, so token
   * mixing needs no transposes. Inputs of rank 2 are `[in, C]`. `epilogue` as in {@link forward}.
   */
  forwardTokens(x: tf.Tensor, epilogue: LinearEpilogue = {}): tf.Tensor {
    this.#checkAxis(x, -2);
    return tf.tidy(() => {
      if (x.rank === 2) {
        const residual = epilogue.residual == null ? undefined : tf.expandDims(epilogue.residual, 0);
        return tf.squeeze(this.forwardTokens(tf.expandDims(x, 0), { ...epilogue, residual }), [0]);
      }
      const lead = x.shape.slice(0, -2);
      const channels = x.shape[x.rank - 1] as number;
      const batched = (t: tf.Tensor, rows: number): tf.Tensor3D => (t.rank === 3 ? (t as tf.Tensor3D) : (tf.reshape(t, [-1, rows, channels]) as tf.Tensor3D));
      const residual = epilogue.residual == null ? undefined : batched(epilogue.residual, this.outFeatures);
      const y = mixerOps().linearTokens(batched(x, this.inFeatures), this.weight as tf.Tensor2D, this.bias as tf.Tensor1D | null, { ...epilogue, residual });
      return x.rank === 3 ? y : tf.reshape(y, [...lead, this.outFeatures, channels]);
    });
  }

  #checkAxis(x: tf.Tensor, axis: -1 | -2): void {
    const size = x.shape[x.rank + axis];
    if (x.rank < 2 || size !== this.inFeatures) {
      throw new InputShapeError(`Linear(${this.inFeatures} -> ${this.outFeatures})`, x.rank < 2 ? 'rank' : `axis ${axis} of [${x.shape.join(', ')}]`, x.rank < 2 ? '>= 2' : this.inFeatures, x.rank < 2 ? x.rank : (size as number));
    }
  }
}
