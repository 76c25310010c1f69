import * as tf from '@spectromix/tensor';
import { Module, permutedLayout } from '../module.js';
import { xavierUniform } from '../init.js';
import { InputShapeError, MixerConfigError } from '../errors.js';
import { mixerOps } from '../ops/select.js';

/** Options of {@link PaddedConv2d}. */
export interface PaddedConv2dOptions {
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels. */
  readonly outChannels: number;
  /** Square kernel size. */
  readonly kernelSize: number;
  /** Stride along both axes (default 1). */
  readonly stride?: number;
  /** Zeros added on every side (default `floor(kernelSize / 2)`, torch's "same" for odd kernels at stride 1). */
  readonly padding?: number;
  /** Add a bias (default false: the layers it is made for are followed by a norm). */
  readonly bias?: boolean;
}

/** Output length of a padded convolution: `floor((length + 2 padding - kernel) / stride) + 1`, or 0. */
export function paddedConvLength(length: number, kernel: number, stride: number, padding: number): number {
  const padded = length + 2 * padding;
  return padded < kernel ? 0 : Math.floor((padded - kernel) / stride) + 1;
}

/**
 * A zero-padded, strided 2-D convolution on channels-last input `[B, H, W, in]`, as `torch.nn.Conv2d(in, out, k,
 * stride, padding)` on NCHW. Every kernel tap is a (strided) slice of the padded input; the taps are concatenated
 * along channels and multiplied by the kernel in one matMul. Built from pad, slice, reshape, concat and matMul only,
 * so it trains on every backend **including its input gradient** (tfjs-wasm has neither `Conv2DBackpropFilter` nor
 * the `UnsortedSegmentSum` a gathered im2col's input gradient needs), which stacked convolutions require. It holds
 * `k^2` copies of its input while it runs: meant for small inputs or early strided layers (a convolutional stem).
 * The weight is kept `[kH, kW, in, out]` and shown in state dicts as torch's `[out, in, kH, kW]`, initialised
 * xavier-uniform (fan in `in k^2`, fan out `out k^2`).
 */
export class PaddedConv2d extends Module {
  /** `[kernelSize, kernelSize, inChannels, outChannels]`. */
  readonly weight: tf.Variable;
  /** `[outChannels]` or null. */
  readonly bias: tf.Variable | null;
  /** Stride along both axes. */
  readonly stride: number;
  /** Zeros on every side. */
  readonly padding: number;

  /** @param options channels, kernel, stride and padding. */
  constructor(readonly options: PaddedConv2dOptions) {
    super();
    const { inChannels, outChannels, kernelSize } = options;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? Math.floor(kernelSize / 2);
    for (const [what, v] of [['inChannels', inChannels], ['outChannels', outChannels], ['kernelSize', kernelSize], ['stride', this.stride]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new MixerConfigError(`PaddedConv2d: ${what} must be a positive integer, got ${v}.`);
    }
    if (!Number.isInteger(this.padding) || this.padding < 0) throw new MixerConfigError(`PaddedConv2d: padding must be an integer >= 0, got ${this.padding}.`);
    const field = kernelSize * kernelSize;
    const shape = [kernelSize, kernelSize, inChannels, outChannels];
    this.weight = this.registerParameter('weight', xavierUniform(shape, inChannels * field, outChannels * field), { layout: permutedLayout(shape, [3, 2, 0, 1]) });
    this.bias = (options.bias ?? false) ? this.registerParameter('bias', tf.zeros([outChannels])) : null;
  }

  /** Output size `[H', W']` of an `[H, W]` input. */
  outputSize(height: number, width: number): [number, number] {
    const { kernelSize: k } = this.options;
    return [paddedConvLength(height, k, this.stride, this.padding), paddedConvLength(width, k, this.stride, this.padding)];
  }

  /** `[B, H, W, in]` -> `[B, H', W', out]`. */
  forward(x: tf.Tensor): tf.Tensor4D {
    const { inChannels: c, outChannels, kernelSize: k } = this.options;
    if (x.rank !== 4 || x.shape[3] !== c) throw new InputShapeError('PaddedConv2d', x.rank !== 4 ? 'rank' : 'axis 3 (channels)', x.rank !== 4 ? 4 : c, x.rank !== 4 ? x.rank : (x.shape[3] as number));
    const [batch, height, width] = x.shape as [number, number, number, number];
    const [oh, ow] = this.outputSize(height, width);
    if (oh < 1 || ow < 1) throw new InputShapeError('PaddedConv2d', 'spatial size', `at least ${k - 2 * this.padding} x ${k - 2 * this.padding}`, `${height} x ${width}`);
    const s = this.stride;
    const p = this.padding;
    return tf.tidy(() => {
      // Pad so that every tap's strided window [i, i + s oh) fits: the far side gets what that needs beyond p.
      const extraH = Math.max(0, k - 1 + s * oh - (height + 2 * p));
      const extraW = Math.max(0, k - 1 + s * ow - (width + 2 * p));
      const padded = tf.pad(x, [[0, 0], [p, p + extraH], [p, p + extraW], [0, 0]]);
      const taps: tf.Tensor[] = [];
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let t = tf.slice(padded, [0, i, j, 0], [batch, s * oh, s * ow, c]);
          if (s > 1) {
            // Every s-th row, then every s-th column, through rank-4 views (WebGPU's shaders index at most rank 4 here).
            t = tf.reshape(tf.slice(tf.reshape(t, [batch, oh, s, s * ow * c]), [0, 0, 0, 0], [batch, oh, 1, s * ow * c]), [batch * oh, ow, s, c]);
            t = tf.reshape(tf.slice(t, [0, 0, 0, 0], [batch * oh, ow, 1, c]), [batch, oh, ow, c]);
          }
          taps.push(t);
        }
      }
      const cols = tf.reshape(taps.length === 1 ? (taps[0] as tf.Tensor) : tf.concat(taps, 3), [-1, k * k * c]) as tf.Tensor2D;
      const kernel = tf.reshape(this.weight, [k * k * c, outChannels]) as tf.Tensor2D;
      const y = mixerOps().linear(cols, kernel, this.bias as tf.Tensor1D | null);
      return tf.reshape(y, [batch, oh, ow, outChannels]) as tf.Tensor4D;
    });
  }
}
