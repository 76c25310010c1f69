/**
 * @spectromix/mixer: composable MLP-Mixer layers over tfjs variables.
 *
 * A small module system (named parameters and children, train/eval, PyTorch-layout state dicts), the layers
 * of the spectrogram Mixers (patch embedding, token and channel mixing, Roll-Time and Hermit-frequency mixing,
 * the plain and RH Mixer blocks, pooling and the classifier head), activations as factories, a generic `Mixer`
 * model built from a block factory. (Safetensors files are read and written with `@spectromix/tensor`.)
 * @packageDocumentation
 */
export { Module, permutedLayout, type TorchLayout, type ParameterOptions, type LoadStateDictOptions, type LoadStateDictResult } from './module.js';
export { MixerError, MixerConfigError, InputShapeError, StateDictError, type ShapeMismatch } from './errors.js';
export { withInitSeed, beginInitScope, endInitScope, initRng, xavierUniform, normalInit } from './init.js';
export { patchGrid, numTokens, convOutputLength, type PatchGrid } from './grid.js';

export { Linear, isTokenwise, type LinearOptions, type TokenwiseModule, type ResidualOptions, type ChannelOptions } from './layers/linear.js';
export { LayerNorm, normWithSkip } from './layers/layer-norm.js';
export { Conv2d, type Conv2dOptions } from './layers/conv2d.js';
export { PatchEmbed, type PatchEmbedOptions } from './layers/patch-embed.js';
export { PaddedConv2d, paddedConvLength, type PaddedConv2dOptions } from './layers/padded-conv2d.js';
export { ConvStem, convStemGrid, type ConvStemOptions } from './layers/conv-stem.js';
export { Activation, Gelu, Mish, Swish, AconC, gelu, mish, swish, aconC, type ActFactory } from './layers/activations.js';
export { Mlp, type MlpOptions } from './layers/mlp.js';
export { DropPath } from './layers/drop-path.js';
export { TokenMixing, ChannelMixing } from './layers/token-mixing.js';
export { MixerBlock, type MixerBlockOptions } from './layers/mixer-block.js';
export { RollTime, rollShift, type RollTimeOptions } from './layers/roll-time.js';
export { HermitFrequencyMixing, cosineMatrix, type HermitFrequencyMixingOptions } from './layers/hermit-frequency-mixing.js';
export { RhMixerBlock, type RhMixerBlockOptions } from './layers/rh-mixer-block.js';
export { meanPool, MeanPool } from './layers/pooling.js';
export { ClassifierHead } from './layers/classifier-head.js';
export { Sequential } from './layers/sequential.js';
export { declaresFusion, type FusionSupport, type FusionCapability, type FusionContracts, type FusedLayer } from './layers/fusion.js';
export { mlpFactory, layerNormFactory, type LayerFactory, type BranchFactory, type BlockGeometry } from './layers/factories.js';
export { Mixer, type MixerOptions, type BlockContext, type BlockFactory, type ForwardOptions, type PatchStem, type StemContext, type StemFactory } from './mixer.js';

export { mixerOps, setMixerOps, installMixerOps } from './ops/select.js';
export { tfjsOps, plainMatMulOps } from './ops/tfjs-ops.js';
export type { MixerOps, LinearEpilogue, FusedActivation, RollTimePlan, HermitPlan } from './ops/mixer-ops.js';
export type { F16Inference, F16InferenceScope } from './ops/f16-inference.js';

