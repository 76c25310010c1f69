import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { Conv2d } from './conv2d.js';
import { patchGrid, numTokens, type PatchGrid } from '../grid.js';
import { InputShapeError } from '../errors.js';

/** Options of {@link PatchEmbed}. */
export interface PatchEmbedOptions {
  /** Mel bins of the input (128 in the AST convention). */
  readonly numMelBins: number;
  /** Frames of the input, T. */
  readonly targetLength: number;
  /** Embedding width, D. */
  readonly dim: number;
  /** Square patch size (default 16). */
  readonly patchSize?: number;
  /** Patch stride along both axes (default 10: overlapping patches, as AST). */
  readonly patchStride?: number;
}

/**
 * Cuts a spectrogram into overlapping patches and embeds each, like AST's `PatchEmbed`: the input `[B, T, mel]`
 * is read as a one-channel image with mel as height and time as width, `proj` is a `Conv2d(1, D, 16, stride
 * 10)` (state dict `proj.weight` `[D, 1, 16, 16]`), and the output is `[B, N, D]` with token `n = f * T' + t`.
 * The patches are gathered straight from the `[B, T, mel]` input with an index precomputed here (no transpose
 * of the input, no conv kernel), then projected with one matMul.
 */
export class PatchEmbed extends Module {
  /** The patch projection. */
  readonly proj: Conv2d;
  /** The patch grid (F', T'). */
  readonly grid: PatchGrid;

  /** @param options input size, width and patching. */
  constructor(readonly options: PatchEmbedOptions) {
    super();
    const patchSize = options.patchSize ?? 16;
    const patchStride = options.patchStride ?? 10;
    this.grid = patchGrid(options.numMelBins, options.targetLength, patchSize, patchStride);
    this.proj = this.registerModule('proj', new Conv2d({ inChannels: 1, outChannels: options.dim, kernelSize: patchSize, stride: patchStride }));
    // Patch (f, t), kernel element (i along mel, j along time) reads x[b, t * stride + j, f * stride + i].
    const index = new Int32Array(this.numTokens * patchSize * patchSize);
    let k = 0;
    for (let f = 0; f < this.grid.freq; f++) {
      for (let t = 0; t < this.grid.time; t++) {
        for (let i = 0; i < patchSize; i++) for (let j = 0; j < patchSize; j++) index[k++] = (t * patchStride + j) * options.numMelBins + f * patchStride + i;
      }
    }
    this.registerBuffer('patchIndex', tf.tensor1d(index, 'int32'));
  }

  /** Number of tokens, N = F' T'. */
  get numTokens(): number {
    return numTokens(this.grid);
  }

  /** `[B, T, mel]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor3D {
    const { numMelBins, targetLength, dim } = this.options;
    if (x.rank !== 3) throw new InputShapeError('PatchEmbed', 'rank', `3 ([batch, ${targetLength} frames, ${numMelBins} mel bins])`, `${x.rank} (shape [${x.shape.join(', ')}])`);
    if (x.shape[2] !== numMelBins) throw new InputShapeError('PatchEmbed', 'axis 2 (mel bins)', numMelBins, x.shape[2] as number);
    if (x.shape[1] !== targetLength) throw new InputShapeError('PatchEmbed', 'axis 1 (frames)', targetLength, x.shape[1] as number, 'Pad with zero frames at the end or cut to targetLength first.');
    return tf.tidy(() => {
      const y = this.proj.forwardGathered(tf.reshape(x, [-1, targetLength * numMelBins]) as tf.Tensor2D, this.buffer('patchIndex') as tf.Tensor1D);
      return tf.reshape(y, [-1, this.numTokens, dim]) as tf.Tensor3D;
    });
  }
}
