import { UnknownPresetError } from './errors.js';

/**
 * How the `[B, T, 128]` input becomes tokens. `patch` (the contract): 16x16 patches every 10 bins/frames
 * (`patch_embed.proj`). `conv-stem`: padded strided convolutions of `channels[i]` outputs (kernel `kernelSize`,
 * padding `floor(kernelSize / 2)`, stride `stride`), each followed by LayerNorm and GELU, then each position is
 * projected to D (`patch_embed.stages.<i>.conv/norm`, `patch_embed.proj`); the grid is the last feature map's.
 */
export type PatchEmbedConfig =
  | { readonly kind: 'patch' }
  | { readonly kind: 'conv-stem'; readonly channels: readonly number[]; readonly kernelSize: number; readonly stride: number };

/** The architecture of a preset (model contract, docs/asm-rh.md section 5). */
export interface PresetConfig {
  /** Embedding width D. */
  readonly dim: number;
  /** Blocks L. */
  readonly depth: number;
  /** Token-MLP hidden width D_S. */
  readonly tokenMlpDim: number;
  /** Channel-MLP hidden width D_C. */
  readonly channelMlpDim: number;
  /** Roll groups C (default 16, the paper's value); must divide `dim` when the roll is on. */
  readonly rollGroups?: number;
  /** Roll range C_a (default 4, the paper's value): the last blocks roll by C_a patches. */
  readonly rollRange?: number;
  /** How the input becomes tokens (default `{ kind: 'patch' }`, the contract's patch embedding). */
  readonly patchEmbed?: PatchEmbedConfig;
}

/** A registered preset, as {@link listPresets} returns it. */
export interface PresetInfo extends Required<PresetConfig> {
  /** Registry name. */
  readonly name: PresetName;
  /** What it is for. */
  readonly description: string;
}

// The registry. Adding a row here is all a new preset needs: the registry-generated tests pick it up.
const PRESETS = {
  'asm-rh-base': { dim: 768, depth: 12, tokenMlpDim: 384, channelMlpDim: 3072, description: "the paper's size: 600 tokens of width 768 at 512 frames" },
  'asm-rh-small': { dim: 384, depth: 12, tokenMlpDim: 192, channelMlpDim: 1536, description: 'half width, full depth' },
  'asm-rh-tiny': { dim: 128, depth: 4, tokenMlpDim: 64, channelMlpDim: 512, description: 'CPU training, tests and demos' },
  'asm-rh-tiny-conv': {
    dim: 128,
    depth: 4,
    tokenMlpDim: 64,
    channelMlpDim: 512,
    patchEmbed: { kind: 'conv-stem', channels: [16, 32, 64, 128], kernelSize: 3, stride: 2 },
    description: 'asm-rh-tiny with a convolutional stem (4 stride-2 3x3 stages: 8 x T/16 tokens) in place of the patch embedding',
  },
} as const satisfies Record<string, PresetConfig & { description: string }>;

/** Names of the registered presets. */
export type PresetName = keyof typeof PRESETS;

/** The contract's patch embedding. */
const PATCH: PatchEmbedConfig = { kind: 'patch' };

/** Roll groups C and range C_a of the paper (contract section 2). */
export const PAPER_ROLL = { rollGroups: 16, rollRange: 4 } as const;

/** Every registered preset, in registry order. */
export function listPresets(): PresetInfo[] {
  return (Object.keys(PRESETS) as PresetName[]).map(getPreset);
}

/** Whether `name` is a registered preset. */
export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

/**
 * The preset called `name`.
 * @throws UnknownPresetError listing the available names.
 */
export function getPreset(name: string): PresetInfo {
  if (!isPresetName(name)) throw new UnknownPresetError(name, Object.keys(PRESETS));
  return { name, ...PAPER_ROLL, patchEmbed: PATCH, ...PRESETS[name] };
}
