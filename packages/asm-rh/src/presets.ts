import { UnknownPresetError } from './errors.js';

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
} as const satisfies Record<string, PresetConfig & { description: string }>;

/** Names of the registered presets. */
export type PresetName = keyof typeof PRESETS;

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
  return { name, ...PAPER_ROLL, ...PRESETS[name] };
}
