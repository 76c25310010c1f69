import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { PaddedConv2d, paddedConvLength } from './padded-conv2d.js';
import { LayerNorm } from './layer-norm.js';
import { Gelu } from './activations.js';
import { Linear } from './linear.js';
import { Sequential } from './sequential.js';
import { numTokens, type PatchGrid } from '../grid.js';
import { InputShapeError, MixerConfigError } from '../errors.js';

/** Options of {@link ConvStem}. */
export interface ConvStemOptions {
  /** Mel bins of the input. */
  readonly numMelBins: number;
  /** Frames of the input, T. */
  readonly targetLength: number;
  /** Embedding width D. */
  readonly dim: number;
  /** Output channels of each convolution stage, in order (at least one). */
  readonly channels: readonly number[];
  /** Square kernel of every stage (padding `floor(k / 2)`). */
  readonly kernelSize: number;
  /** Stride of every stage. */
  readonly stride: number;
  /** LayerNorm epsilon (default 1e-6, the Mixers' value). */
  readonly eps?: number;
}

/** One stage of a {@link ConvStem}: padded strided conv (no bias), LayerNorm over channels, exact GELU. */
class ConvStage extends Module {
  readonly conv: PaddedConv2d;
  readonly norm: LayerNorm;
  readonly #act = new Gelu();

  constructor(inChannels: number, outChannels: number, kernelSize: number, stride: number, eps: number) {
    super();
    this.conv = this.registerModule('conv', new PaddedConv2d({ inChannels, outChannels, kernelSize, stride }));
    this.norm = this.registerModule('norm', new LayerNorm(outChannels, eps));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.#act.forward(this.norm.forward(this.conv.forward(x))));
  }
}

/**
 * The patch grid of a {@link ConvStem}: each stage maps a length n to `floor((n + 2 floor(k/2) - k) / stride) + 1`,
 * along mel (F') and time (T').
 */
export function convStemGrid(numMelBins: number, targetLength: number, stages: number, kernelSize: number, stride: number): PatchGrid {
  let freq = numMelBins;
  let time = targetLength;
  const p = Math.floor(kernelSize / 2);
  for (let i = 0; i < stages; i++) {
    freq = paddedConvLength(freq, kernelSize, stride, p);
    time = paddedConvLength(time, kernelSize, stride, p);
  }
  return { freq, time };
}

/**
 * A convolutional stem in place of the patch embedding ("early convolutions", Xiao et al. 2021, for transformers and
 * Mixers trained on small data): the `[B, T, mel]` input is read as a one-channel mel-by-time image, passed through
 * `stages.<i>` = padded strided convolution -> LayerNorm over channels -> GELU, and each position of the last feature
 * map becomes a token, projected to D by `proj` (a Linear, weight `[D, C]`). Output `[B, N, D]`, token
 * `n = f * T' + t` like the patch embedding's. State dict: `stages.<i>.conv.weight [C_i, C_{i-1}, k, k]`,
 * `stages.<i>.norm.{weight,bias}`, `proj.{weight,bias}`.
 */
export class ConvStem extends Module {
  /** The convolution stages. */
  readonly stages: Sequential;
  /** Tokens -> width D. */
  readonly proj: Linear;
  /** The token grid (F', T'). */
  readonly grid: PatchGrid;

  /** @param options input size, width and stages. */
  constructor(readonly options: ConvStemOptions) {
    super();
    const { channels, kernelSize, stride, dim } = options;
    if (channels.length === 0 || channels.some((c) => !Number.isInteger(c) || c <= 0)) throw new MixerConfigError(`ConvStem: channels must be one or more positive integers, got [${channels.join(', ')}].`);
    this.grid = convStemGrid(options.numMelBins, options.targetLength, channels.length, kernelSize, stride);
    if (this.grid.freq < 1 || this.grid.time < 1) {
      throw new MixerConfigError(`ConvStem: ${channels.length} stages of stride ${stride} leave no position of a ${options.targetLength} x ${options.numMelBins} input; use fewer stages or a longer input.`);
    }
    const eps = options.eps ?? 1e-6;
    this.stages = this.registerModule('stages', new Sequential(channels.map((c, i) => new ConvStage(i === 0 ? 1 : (channels[i - 1] as number), c, kernelSize, stride, eps))));
    this.proj = this.registerModule('proj', new Linear(channels[channels.length - 1] as number, dim));
  }

  /** Number of tokens, N = F' T'. */
  get numTokens(): number {
    return numTokens(this.grid);
  }

  /** `[B, T, mel]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor3D {
    const { numMelBins, targetLength, dim } = this.options;
    if (x.rank !== 3) throw new InputShapeError('ConvStem', 'rank', `3 ([batch, ${targetLength} frames, ${numMelBins} mel bins])`, `${x.rank} (shape [${x.shape.join(', ')}])`);
    if (x.shape[2] !== numMelBins) throw new InputShapeError('ConvStem', 'axis 2 (mel bins)', numMelBins, x.shape[2] as number);
    if (x.shape[1] !== targetLength) throw new InputShapeError('ConvStem', 'axis 1 (frames)', targetLength, x.shape[1] as number, 'Pad with zero frames at the end or cut to targetLength first.');
    return tf.tidy(() => {
      const image = tf.expandDims(tf.transpose(x, [0, 2, 1]), 3); // [B, mel, T, 1]
      const features = this.stages.forward(image);
      const tokens = tf.reshape(features, [-1, this.numTokens, features.shape[3] as number]);
      return tf.reshape(this.proj.forward(tokens), [-1, this.numTokens, dim]) as tf.Tensor3D;
    });
  }
}
