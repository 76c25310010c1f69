import * as tf from '@spectromix/tensor';
import { Module, permutedLayout } from '../module.js';
import { xavierUniform } from '../init.js';
import { convOutputLength } from '../grid.js';
import { InputShapeError, MixerConfigError } from '../errors.js';
import { mixerOps } from '../ops/select.js';

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
 * An unpadded 2-D convolution on channels-last input `[B, H, W, inChannels]`, computed as patch extraction with a
 * precomputed gather index followed by one matMul (im2col). That trains on every backend: tfjs's wasm backend
 * has no `Conv2DBackpropFilter`, while matMul gradients exist everywhere, and the input (data) needs no gradient.
 * The weight is kept as `[kH, kW, in, out]` and shown in state dicts as `torch.nn.Conv2d`'s `[out, in, kH, kW]`;
 * it is initialised xavier-uniform (fan in `in * k * k`, fan out `out * k * k`) with a zero bias.
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
    this.bias = options.bias ?? true ? this.registerParameter('bias', tf.zeros([outChannels])) : null;
  }

  /** Values per patch, `kernelSize^2 * inChannels`. */
  get patchLength(): number {
    return this.options.kernelSize * this.options.kernelSize * this.options.inChannels;
  }

  /**
   * Gather indices that cut `[H, W, inChannels]` images (flattened) into the patches of this convolution, in
   * output order `(oh, ow)` and kernel order `(kh, kw, c)`.
   */
  patchIndex(height: number, width: number): { index: Int32Array; outHeight: number; outWidth: number } {
    const { kernelSize: k, inChannels: c } = this.options;
    const s = this.stride;
    const outHeight = convOutputLength(height, k, s);
    const outWidth = convOutputLength(width, k, s);
    const index = new Int32Array(outHeight * outWidth * k * k * c);
    let i = 0;
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let kh = 0; kh < k; kh++) for (let kw = 0; kw < k; kw++) for (let ch = 0; ch < c; ch++) index[i++] = ((oh * s + kh) * width + ow * s + kw) * c + ch;
      }
    }
    return { index, outHeight, outWidth };
  }

  /**
   * Applies the kernel to patches gathered from flattened inputs: `flat` `[B, L]`, `index` `[P * patchLength]`
   * (e.g. from {@link patchIndex}) -> `[B, P, outChannels]`.
   */
  forwardGathered(flat: tf.Tensor2D, index: tf.Tensor1D): tf.Tensor3D {
    return tf.tidy(() => {
      const positions = index.size / this.patchLength;
      const patches = tf.reshape(tf.gather(flat, index, 1), [-1, this.patchLength]) as tf.Tensor2D;
      const kernel = tf.reshape(this.weight, [this.patchLength, this.options.outChannels]) as tf.Tensor2D;
      const y = mixerOps().linear(patches, kernel, this.bias as tf.Tensor1D | null);
      return tf.reshape(y, [-1, positions, this.options.outChannels]);
    });
  }

  /** `[B, H, W, in]` -> `[B, H', W', out]` with `H' = floor((H - k) / stride) + 1`. */
  forward(x: tf.Tensor): tf.Tensor4D {
    if (x.rank !== 4 || x.shape[3] !== this.options.inChannels) {
      throw new InputShapeError('Conv2d', x.rank !== 4 ? 'rank' : 'axis 3 (channels)', x.rank !== 4 ? 4 : this.options.inChannels, x.rank !== 4 ? x.rank : (x.shape[3] as number));
    }
    const [, height, width] = x.shape as [number, number, number, number];
    const key = `index:${height}x${width}`;
    const indexTensor = (this.buffer(key) as tf.Tensor1D | undefined) ?? this.registerBuffer(key, tf.tensor1d(this.patchIndex(height, width).index, 'int32'));
    const outHeight = convOutputLength(height, this.options.kernelSize, this.stride);
    const outWidth = convOutputLength(width, this.options.kernelSize, this.stride);
    return tf.tidy(() => tf.reshape(this.forwardGathered(tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D, indexTensor), [-1, outHeight, outWidth, this.options.outChannels]));
  }
}
