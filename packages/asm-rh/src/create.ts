import { AsmRhModel } from './model.js';
import { resolveConfig, validateConfig, type AsmRhConfig, type CreateModelOptions } from './config.js';
import type { PresetConfig, PresetName } from './presets.js';
import { AsmRhConfigError } from './errors.js';

/**
 * Creates an ASM-RH model from a registered preset (`'asm-rh-base'`, `'asm-rh-small'`, `'asm-rh-tiny'`) or a
 * custom architecture, initialised as the model contract's section 6 says (docs/asm-rh.md) (seeded: the same seed gives the same weights).
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

/** Options of {@link modelFromConfig}. */
export interface ModelFromConfigOptions {
  /**
   * Size in bytes of the weights file the model will load. When given, a config whose model could not fit in
   * that many bytes (a damaged or edited config claiming, say, a billion blocks) is refused before any layer is
   * allocated. Pass it whenever the config comes from a file.
   */
  readonly weightBytes?: number;
}

/**
 * A lower bound of the bytes any weights file of `config` holds: the two channel-MLP matrices of every block and
 * the head, in the narrowest dtype safetensors files carry (16-bit floats).
 */
export function minimumWeightBytes(config: AsmRhConfig): number {
  return 2 * (config.depth * 2 * config.dim * config.channelMlpDim + config.dim * config.numClasses);
}

/**
 * Recreates a model from its {@link AsmRhConfig} (e.g. `model.config` after a JSON round trip).
 * @throws AsmRhConfigError for an invalid config, or one too large for `options.weightBytes`.
 */
export function modelFromConfig(config: AsmRhConfig, options: ModelFromConfigOptions = {}): AsmRhModel {
  validateConfig(config);
  if (options.weightBytes != null && minimumWeightBytes(config) > options.weightBytes) {
    throw new AsmRhConfigError(
      `the config (dim ${config.dim}, depth ${config.depth}, channelMlpDim ${config.channelMlpDim}, ${config.numClasses} classes) needs at least ` +
        `${minimumWeightBytes(config)} bytes of weights, but the weights file has ${options.weightBytes}: the config does not belong to these weights (damaged or edited).`,
    );
  }
  return new AsmRhModel(config);
}
