import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { InputShapeError, MixerConfigError } from '../errors.js';
import { mixerOps } from '../ops/select.js';
import { declaresFusion, type FusionSupport } from './fusion.js';

/**
 * Layer normalisation over the last axis with a learnable scale (`weight`, init 1) and shift (`bias`, init 0),
 * as `torch.nn.LayerNorm(normalizedShape, eps)`: biased variance, `eps` inside the square root.
 */
export class LayerNorm extends Module {
  /** Hands out the skip of its residual branch, whose gradient joins the norm's backward ({@link forwardWithSkip}). */
  readonly fusion: FusionSupport = { normSkip: true };
  /** Scale `[normalizedShape]`. */
  readonly weight: tf.Variable;
  /** Shift `[normalizedShape]`. */
  readonly bias: tf.Variable;

  /**
   * @param normalizedShape size of the last axis.
   * @param eps added to the variance (PyTorch's default 1e-5; the Mixers here use 1e-6).
   */
  constructor(
    readonly normalizedShape: number,
    readonly eps = 1e-5,
  ) {
    super();
    if (!Number.isInteger(normalizedShape) || normalizedShape <= 0) throw new MixerConfigError(`LayerNorm: normalizedShape must be a positive integer, got ${normalizedShape}.`);
    if (!(eps > 0)) throw new MixerConfigError(`LayerNorm: eps must be positive, got ${eps}.`);
    this.weight = this.registerParameter('weight', tf.ones([normalizedShape]));
    this.bias = this.registerParameter('bias', tf.zeros([normalizedShape]));
  }

  /** `[..., normalizedShape]` -> same shape. */
  forward(x: tf.Tensor): tf.Tensor {
    this.#check(x);
    return mixerOps().layerNorm(x, this.weight as tf.Tensor1D, this.bias as tf.Tensor1D, this.eps);
  }

  /**
   * `[forward(x), skip]` for a pre-norm residual branch: `skip` has x's values and is what the branch's residual
   * should add, so the backend can accumulate the skip's gradient inside the norm's backward.
   */
  forwardWithSkip(x: tf.Tensor): [tf.Tensor, tf.Tensor] {
    this.#check(x);
    return mixerOps().layerNormWithSkip(x, this.weight as tf.Tensor1D, this.bias as tf.Tensor1D, this.eps);
  }

  #check(x: tf.Tensor): void {
    if (x.shape[x.rank - 1] !== this.normalizedShape) {
      throw new InputShapeError(`LayerNorm(${this.normalizedShape})`, `last axis of [${x.shape.join(', ')}]`, this.normalizedShape, x.shape[x.rank - 1] ?? 'missing');
    }
  }
}

/**
 * `[norm(x), skip]`: `norm.forwardWithSkip(x)` for a norm that declares the `normSkip` fusion (a {@link LayerNorm}),
 * `[norm.forward(x), x]` for any other norm.
 */
export function normWithSkip(norm: Module, x: tf.Tensor): [tf.Tensor, tf.Tensor] {
  return declaresFusion(norm, 'normSkip') ? norm.forwardWithSkip(x) : [norm.forward(x), x];
}
