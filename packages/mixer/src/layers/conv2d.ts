import * as tf from '@spectromix/tensor';
import { Module, permutedLayout } from '../module.js';
import { xavierUniform } from '../init.js';
import { InputShapeError, MixerConfigError } from '../errors.js';

/** Options of {@link Conv2d}. */
export interface Conv2dOptions {
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels. */
  readonly outChannels: number;
  /** Square kernel size. */
  readonly kernelSize: number;
  /** Stride along both axes (default 1). */
  readonly stride?: number;
  /** Add a bias (default true). */
  readonly bias?: boolean;
}

/**
 * An unpadded 2-D convolution on channels-last input `[B, H, W, inChannels]`, with the weight kept as
 * `[kH, kW, in, out]` and shown in state dicts as `torch.nn.Conv2d`'s `[out, in, kH, kW]`.
 * Initialised xavier-uniform (fan in `in * k * k`, fan out `out * k * k`) with a zero bias.
 */
export class Conv2d extends Module {
  /** `[kernelSize, kernelSize, inChannels, outChannels]`. */
  readonly weight: tf.Variable;
  /** `[outChannels]` or null. */
  readonly bias: tf.Variable | null;
  /** Stride along both axes. */
  readonly stride: number;

  /** @param options channels, kernel and stride. */
  constructor(readonly options: Conv2dOptions) {
    super();
    const { inChannels, outChannels, kernelSize } = options;
    this.stride = options.stride ?? 1;
    for (const [what, v] of [['inChannels', inChannels], ['outChannels', outChannels], ['kernelSize', kernelSize], ['stride', this.stride]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new MixerConfigError(`Conv2d: ${what} must be a positive integer, got ${v}.`);
    }
    const field = kernelSize * kernelSize;
    const shape = [kernelSize, kernelSize, inChannels, outChannels];
    const w = xavierUniform(shape, inChannels * field, outChannels * field);
    this.weight = this.registerParameter('weight', w, { layout: permutedLayout(shape, [3, 2, 0, 1]) });
    w.dispose();
    if (options.bias ?? true) {
      const b = tf.zeros([outChannels]);
      this.bias = this.registerParameter('bias', b);
      b.dispose();
    } else {
      this.bias = null;
    }
  }

  /** `[B, H, W, in]` -> `[B, H', W', out]` with `H' = floor((H - k) / stride) + 1`. */
  forward(x: tf.Tensor): tf.Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inChannels) {
      throw new InputShapeError('Conv2d', x.rank !== 4 ? 'rank' : 'axis 3 (channels)', x.rank !== 4 ? 4 : this.options.inChannels, x.rank !== 4 ? x.rank : (x.shape[3] as number));
    }
    return tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: this.weight as tf.Tensor4D,
      strides: this.stride,
      pad: 'valid',
      ...(this.bias == null ? {} : { bias: this.bias }),
    });
  }
}
