import { convOutputLength, convStemGrid, type PatchGrid } from '@spectromix/mixer';
import { AsmRhConfigError } from './errors.js';
import { PAPER_ROLL, getPreset, type PatchEmbedConfig, type PresetConfig, type PresetName } from './presets.js';

/** The input convention of the model contract (docs/asm-rh.md sections 1-2): 128 mel bins, 16x16 patches every 10 bins/frames. */
export const ASM_RH_INPUT = { numMelBins: 128, patchSize: 16, patchStride: 10 } as const;

/** LayerNorm epsilon of every norm (contract section 2). */
export const LAYER_NORM_EPS = 1e-6;

/** Options of `createModel`. */
export interface CreateModelOptions {
  /** Classes K. */
  readonly numClasses: number;
  /** Frames T of the input (Speech Commands 128, UrbanSound8K and RAVDESS 512); T' = floor((T - 16) / 10) + 1 >= 2. */
  readonly targetLength: number;
  /** Hermit-frequency branch (default true; off removes `hermit` and `norm2`). */
  readonly hermit?: boolean;
  /** Roll-Time before the channel MLP (default true; off feeds norm3(x) to the channel MLP). */
  readonly roll?: boolean;
  /** Seed of the initial weights and DropPath masks (default: random, recorded in `config.seed`). */
  readonly seed?: number;
  /** Stochastic depth rate of the last block, rising linearly from 0 (default 0). */
  readonly dropPath?: number;
  /** How the input becomes tokens (default: the preset's, which is the contract's patch embedding but for `-conv` presets). */
  readonly patchEmbed?: PatchEmbedConfig;
}

/**
 * Everything that defines an ASM-RH model, as plain JSON: `modelFromConfig(config)` recreates the model
 * (with the same initial weights, since `seed` is part of it).
 */
export interface AsmRhConfig {
  /** The preset it came from, or `'custom'`. */
  readonly preset: PresetName | 'custom';
  /** Embedding width D. */
  readonly dim: number;
  /** Blocks L. */
  readonly depth: number;
  /** Token-MLP hidden width D_S. */
  readonly tokenMlpDim: number;
  /** Channel-MLP hidden width D_C. */
  readonly channelMlpDim: number;
  /** Roll groups C. */
  readonly rollGroups: number;
  /** Roll range C_a. */
  readonly rollRange: number;
  /** Classes K. */
  readonly numClasses: number;
  /** Frames T. */
  readonly targetLength: number;
  /** Hermit-frequency branch on. */
  readonly hermit: boolean;
  /** Roll-Time on. */
  readonly roll: boolean;
  /** Stochastic depth rate of the last block. */
  readonly dropPath: number;
  /** Seed of the initial weights. */
  readonly seed: number;
  /**
   * A convolutional stem in place of the patch embedding; absent for the contract's patch embedding (so configs and
   * weights of patch models are exactly the contract's).
   */
  readonly patchEmbed?: Extract<PatchEmbedConfig, { kind: 'conv-stem' }>;
}

/** Builds and validates the config of `preset` with `options` (see {@link validateConfig}). */
export function resolveConfig(preset: PresetName | PresetConfig, options: CreateModelOptions): AsmRhConfig {
  if (options == null || typeof options !== 'object') throw new AsmRhConfigError('createModel needs options { numClasses, targetLength }.');
  const base: PresetConfig = typeof preset === 'string' ? getPreset(preset) : preset;
  const patchEmbed = options.patchEmbed ?? base.patchEmbed ?? { kind: 'patch' };
  const config: AsmRhConfig = {
    preset: typeof preset === 'string' ? getPreset(preset).name : 'custom',
    dim: base.dim,
    depth: base.depth,
    tokenMlpDim: base.tokenMlpDim,
    channelMlpDim: base.channelMlpDim,
    rollGroups: base.rollGroups ?? PAPER_ROLL.rollGroups,
    rollRange: base.rollRange ?? PAPER_ROLL.rollRange,
    numClasses: options.numClasses,
    targetLength: options.targetLength,
    hermit: options.hermit ?? true,
    roll: options.roll ?? true,
    dropPath: options.dropPath ?? 0,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
    ...(patchEmbed.kind === 'conv-stem' ? { patchEmbed: { kind: 'conv-stem', channels: [...patchEmbed.channels], kernelSize: patchEmbed.kernelSize, stride: patchEmbed.stride } } : {}),
  };
  validateConfig(config);
  return config;
}

/**
 * Checks a config and returns its patch grid.
 * @throws AsmRhConfigError naming the field, the value and what is needed.
 */
export function validateConfig(config: AsmRhConfig): PatchGrid {
  const positive = ['dim', 'depth', 'tokenMlpDim', 'channelMlpDim', 'rollGroups', 'rollRange', 'numClasses', 'targetLength'] as const;
  for (const key of positive) {
    const v = config[key];
    if (!Number.isInteger(v) || v <= 0) throw new AsmRhConfigError(`${key} must be a positive integer, got ${String(v)}.`);
  }
  if (typeof config.hermit !== 'boolean' || typeof config.roll !== 'boolean') throw new AsmRhConfigError(`hermit and roll must be booleans, got ${String(config.hermit)} and ${String(config.roll)}.`);
  if (!(config.dropPath >= 0 && config.dropPath < 1)) throw new AsmRhConfigError(`dropPath must be in [0, 1), got ${config.dropPath}.`);
  if (!Number.isSafeInteger(config.seed)) throw new AsmRhConfigError(`seed must be an integer, got ${String(config.seed)}.`);
  const { numMelBins, patchSize, patchStride } = ASM_RH_INPUT;
  const stem = config.patchEmbed;
  if (stem != null) {
    const ints = [...(Array.isArray(stem.channels) ? stem.channels : [Number.NaN]), stem.kernelSize, stem.stride];
    if (stem.kind !== 'conv-stem' || !Array.isArray(stem.channels) || stem.channels.length === 0 || stem.channels.length > 8 || ints.some((v) => !Number.isInteger(v) || v <= 0 || v > 4096)) {
      throw new AsmRhConfigError(`patchEmbed must be { kind: 'conv-stem', channels: 1 to 8 positive integers, kernelSize, stride } (or absent for the patch embedding), got ${JSON.stringify(stem)}.`);
    }
    const grid = convStemGrid(numMelBins, config.targetLength, stem.channels.length, stem.kernelSize, stem.stride);
    if (grid.time < 2 || grid.freq < 1) {
      throw new AsmRhConfigError(
        `targetLength ${config.targetLength} gives T' = ${grid.time} time position(s) after ${stem.channels.length} conv-stem stage(s) of stride ${stem.stride}; ASM-RH needs T' >= 2: use a longer targetLength or fewer stages.`,
      );
    }
    checkRollWidth(config);
    return grid;
  }
  const time = convOutputLength(config.targetLength, patchSize, patchStride);
  if (time < 2) {
    throw new AsmRhConfigError(
      `targetLength ${config.targetLength} gives T' = ${time} time patch(es) (floor((T - ${patchSize}) / ${patchStride}) + 1); ASM-RH needs T' >= 2, so targetLength must be at least ${patchSize + patchStride}.`,
    );
  }
  checkRollWidth(config);
  return { freq: convOutputLength(numMelBins, patchSize, patchStride), time };
}

function checkRollWidth(config: AsmRhConfig): void {
  if (config.roll && config.dim % config.rollGroups !== 0) {
    throw new AsmRhConfigError(`embedding width dim = ${config.dim} is not divisible by rollGroups = ${config.rollGroups}; Roll-Time splits the width into equal groups, so use a multiple of ${config.rollGroups} (or roll: false).`);
  }
}
