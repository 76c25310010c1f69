import { AsmRhModel } from './model.js';
import { resolveConfig, validateConfig, type AsmRhConfig, type CreateModelOptions } from './config.js';
import type { PresetConfig, PresetName } from './presets.js';

/**
 * Creates an ASM-RH model from a registered preset (`'asm-rh-base'`, `'asm-rh-small'`, `'asm-rh-tiny'`) or a
 * custom architecture, initialised as the contract's section 6 says (seeded: the same seed gives the same weights).
 * @example
 * ```ts
 * const model = createModel('asm-rh-tiny', { numClasses: 35, targetLength: 128, seed: 0 });
 * const logits = model.forward(tf.zeros([2, 128, 128])); // [2, 35]
 * ```
 * @throws UnknownPresetError for an unregistered name; AsmRhConfigError for invalid or incompatible options.
 */
export function createModel(preset: PresetName | PresetConfig, options: CreateModelOptions): AsmRhModel {
  return new AsmRhModel(resolveConfig(preset, options));
}

/** Recreates a model from its {@link AsmRhConfig} (e.g. `model.config` after a JSON round trip). */
export function modelFromConfig(config: AsmRhConfig): AsmRhModel {
  validateConfig(config);
  return new AsmRhModel(config);
}
