/**
 * @spectromix/asm-rh: ASM-RH (Audio Spectrogram Mixer with Roll-Time and Hermit FFT, arXiv 2402.18007) as the
 * spectromix model contract (docs/asm-rh.md at the repository root) defines it: presets, the hermit/roll ablations, and safetensors weights that
 * round-trip with the PyTorch reference implementation (`scripts/asm_rh_torch.py`).
 * @packageDocumentation
 */
export { createModel, modelFromConfig, minimumWeightBytes, type ModelFromConfigOptions } from './create.js';
export { AsmRhModel, asmRhBlock, CONFIG_METADATA_KEY, type LoadWeightsOptions } from './model.js';
export { listPresets, getPreset, isPresetName, PAPER_ROLL, type PresetName, type PresetConfig, type PresetInfo, type PatchEmbedConfig } from './presets.js';
export { resolveConfig, validateConfig, ASM_RH_INPUT, LAYER_NORM_EPS, type AsmRhConfig, type CreateModelOptions } from './config.js';
export { AsmRhError, AsmRhConfigError, AsmRhInputError, TimmLayoutError, UnknownPresetError, WeightsMismatchError } from './errors.js';
export {
  importTimmMixer,
  loadTimmMixer,
  planTimmMixer,
  LUMA_WEIGHTS,
  type PatchChannels,
  type TimmMixerImport,
  type TimmMixerLoad,
  type TimmMixerOp,
  type TimmMixerOptions,
  type TimmMixerPlan,
  type TimmMixerPlanEntry,
  type TimmMixerSource,
} from './timm-mixer.js';
