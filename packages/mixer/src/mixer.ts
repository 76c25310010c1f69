import * as tf from '@spectromix/tensor';
import { Module } from './module.js';
import { PatchEmbed } from './layers/patch-embed.js';
import { Sequential } from './layers/sequential.js';
import { ClassifierHead } from './layers/classifier-head.js';
import { layerNormFactory, type LayerFactory } from './layers/factories.js';
import { numTokens, type PatchGrid } from './grid.js';
import { MixerConfigError } from './errors.js';
import { beginInitScope, endInitScope } from './init.js';

/** What a {@link BlockFactory} receives for block `index`. */
export interface BlockContext {
  /** Block index l, 0-based. */
  readonly index: number;
  /** Number of blocks L. */
  readonly depth: number;
  /** Embedding width D. */
  readonly dim: number;
  /** Patch grid (F', T'). */
  readonly grid: PatchGrid;
  /** Tokens N = F' T'. */
  readonly numTokens: number;
  /** This block's stochastic depth rate (rising linearly from 0 to the model's `dropPath`). */
  readonly dropPath: number;
}

/**
 * The first layer of a {@link Mixer}: `[B, T, mel]` -> tokens `[B, N, D]` on a grid (F', T'), token
 * `n = f * T' + t` ({@link PatchEmbed}, the default, or a convolutional stem).
 */
export type PatchStem = Module & { readonly grid: PatchGrid; forward(x: tf.Tensor): tf.Tensor3D };

/** What a {@link StemFactory} receives. */
export interface StemContext {
  /** Mel bins of the input. */
  readonly numMelBins: number;
  /** Frames T of the input. */
  readonly targetLength: number;
  /** Embedding width D. */
  readonly dim: number;
}

/** Makes a Mixer's `patch_embed` in place of the default {@link PatchEmbed}. */
export type StemFactory = (context: StemContext) => PatchStem;

/** Makes block `index` of a {@link Mixer} (`[B, N, D]` -> `[B, N, D]`). */
export type BlockFactory = (context: BlockContext) => Module;

/** Options of {@link Mixer}. */
export interface MixerOptions {
  /** Frames T of the `[B, T, mel]` input. */
  readonly targetLength: number;
  /** Mel bins of the input (default 128). */
  readonly numMelBins?: number;
  /** Square patch size (default 16). */
  readonly patchSize?: number;
  /** Patch stride (default 10). */
  readonly patchStride?: number;
  /** Builds `patch_embed` instead of `PatchEmbed(patchSize, patchStride)` (e.g. a `ConvStem`); the blocks get its grid. */
  readonly stem?: StemFactory;
  /** Embedding width D. */
  readonly dim: number;
  /** Number of blocks L. */
  readonly depth: number;
  /** Classes K. */
  readonly numClasses: number;
  /** Builds each block. */
  readonly block: BlockFactory;
  /** The final norm (default LayerNorm, eps 1e-6). */
  readonly norm?: LayerFactory;
  /** Largest stochastic depth rate, reached by the last block (default 0). */
  readonly dropPath?: number;
  /** Seed of the initial weights and DropPath masks (default: the enclosing `withInitSeed` scope, else random). */
  readonly seed?: number;
}

/** Options of {@link Mixer.forward}. */
export interface ForwardOptions {
  /** Run in training mode for this call (DropPath active) or eval mode; default: the module's current mode. */
  readonly training?: boolean;
}

/**
 * A spectrogram Mixer: `patch_embed` -> `blocks` (from a {@link BlockFactory}) -> `norm` -> mean over tokens ->
 * `head`. Input `[B, T, mel]`, logits `[B, K]`. The block factory decides the variant (plain MixerBlock,
 * RhMixerBlock, your own), so a new variant is a new factory, not a new model class.
 */
export class Mixer extends Module {
  /** Patch embedding (or the stem that replaces it). */
  readonly patchEmbed: PatchStem;
  /** The blocks. */
  readonly blocks: Sequential;
  /** Final norm. */
  readonly norm: Module;
  /** Mean pooling and classifier. */
  readonly head: ClassifierHead;

  /** @param options sizes, blocks and head. */
  constructor(options: MixerOptions) {
    super();
    const { dim, depth, numClasses } = options;
    for (const [what, v] of [['dim', dim], ['depth', depth], ['numClasses', numClasses]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new MixerConfigError(`Mixer: ${what} must be a positive integer, got ${v}.`);
    }
    if (options.seed != null) beginInitScope(options.seed);
    try {
      const numMelBins = options.numMelBins ?? 128;
      this.patchEmbed = this.registerModule<PatchStem>('patch_embed', options.stem != null ? options.stem({ numMelBins, targetLength: options.targetLength, dim }) : new PatchEmbed({
        numMelBins,
        targetLength: options.targetLength,
        dim,
        ...(options.patchSize == null ? {} : { patchSize: options.patchSize }),
        ...(options.patchStride == null ? {} : { patchStride: options.patchStride }),
      }));
      const grid = this.patchEmbed.grid;
      const maxDrop = options.dropPath ?? 0;
      const blocks: Module[] = [];
      for (let index = 0; index < depth; index++) {
        const dropPath = depth > 1 ? (maxDrop * index) / (depth - 1) : maxDrop;
        blocks.push(options.block({ index, depth, dim, grid, numTokens: numTokens(grid), dropPath }));
      }
      this.blocks = this.registerModule('blocks', new Sequential(blocks));
      this.norm = this.registerModule('norm', (options.norm ?? layerNormFactory())(dim));
      this.head = this.registerModule('head', new ClassifierHead(dim, numClasses));
    } finally {
      if (options.seed != null) endInitScope();
    }
  }

  /** The patch grid (F', T'). */
  get grid(): PatchGrid {
    return this.patchEmbed.grid;
  }

  /** `[B, T, mel]` -> normalised tokens `[B, N, D]` (before pooling). */
  forwardFeatures(x: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() => this.norm.forward(this.blocks.forward(this.patchEmbed.forward(x))) as tf.Tensor3D);
  }

  /** Tokens `[B, N, D]` -> logits `[B, K]`, or pooled features `[B, D]` with `preLogits`. */
  forwardHead(features: tf.Tensor, options: { preLogits?: boolean } = {}): tf.Tensor2D {
    return this.head.forward(features, options);
  }

  /** `[B, T, mel]` -> logits `[B, K]`. */
  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    const previous = this.training;
    const mode = options.training ?? previous;
    if (mode !== previous) this.train(mode);
    try {
      return tf.tidy(() => this.forwardHead(this.forwardFeatures(x)));
    } finally {
      if (mode !== previous) this.train(previous);
    }
  }
}
