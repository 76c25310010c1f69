import * as tf from '@spectromix/tensor';
import {
  ConvStem,
  HermitFrequencyMixing,
  Mixer,
  RhMixerBlock,
  RollTime,
  layerNormFactory,
  mlpFactory,
  rollShift,
  type BlockFactory,
  type ForwardOptions,
  type ShapeMismatch,
  type StemFactory,
} from '@spectromix/mixer';
import { readSafetensors, writeSafetensors, type SafetensorsInput } from '@spectromix/tensor/codecs';
import { ASM_RH_INPUT, LAYER_NORM_EPS, validateConfig, type AsmRhConfig } from './config.js';
import { AsmRhError, AsmRhInputError, WeightsMismatchError } from './errors.js';

/** Metadata key under which `saveWeights` stores the model config (JSON). */
export const CONFIG_METADATA_KEY = 'spectromix.asm-rh.config';

/** Options of {@link AsmRhModel.loadWeights}. */
export interface LoadWeightsOptions {
  /** Tensor names, or prefixes ending in '.', to leave at their current values (e.g. `['head.']` to fine-tune on new classes). */
  readonly ignore?: readonly string[];
}

/**
 * The RH-MixerBlock factory of a config: token MLP `N -> D_S -> N`, channel MLP `D -> D_C -> D` (exact GELU),
 * LayerNorm eps 1e-6, the Hermit branch and the roll with the depth schedule `s_l = 1 + floor(l C_a / L)` as the
 * config switches them.
 */
export function asmRhBlock(config: AsmRhConfig): BlockFactory {
  return (ctx) =>
    new RhMixerBlock({
      dim: ctx.dim,
      grid: ctx.grid,
      tokenMlp: mlpFactory(config.tokenMlpDim),
      channelMlp: mlpFactory(config.channelMlpDim),
      norm: layerNormFactory(LAYER_NORM_EPS),
      hermit: config.hermit ? (g) => new HermitFrequencyMixing({ grid: g.grid, dim: g.dim }) : null,
      roll: config.roll ? (g) => new RollTime({ grid: g.grid, dim: g.dim, groups: config.rollGroups, shift: rollShift(ctx.index, ctx.depth, config.rollRange) }) : null,
      dropPath: ctx.dropPath,
    });
}

/**
 * ASM-RH as the contract defines it: `[B, T, 128]` log-mel input, logits `[B, K]`, weights exchangeable with
 * the PyTorch implementation through safetensors. Create it with `createModel` or `modelFromConfig`.
 */
export class AsmRhModel extends Mixer {
  /** The plain-JSON config that recreates this model. */
  readonly config: AsmRhConfig;

  /** @param config a config (validated here; see `resolveConfig`). */
  constructor(config: AsmRhConfig) {
    validateConfig(config);
    super({
      targetLength: config.targetLength,
      numMelBins: ASM_RH_INPUT.numMelBins,
      patchSize: ASM_RH_INPUT.patchSize,
      patchStride: ASM_RH_INPUT.patchStride,
      dim: config.dim,
      depth: config.depth,
      numClasses: config.numClasses,
      block: asmRhBlock(config),
      norm: layerNormFactory(LAYER_NORM_EPS),
      dropPath: config.dropPath,
      seed: config.seed,
      ...(config.patchEmbed != null ? { stem: convStem(config.patchEmbed) } : {}),
    });
    this.config = Object.freeze({ ...config });
  }

  /**
   * Logits `[B, K]` of log-mel spectrograms `x: [B, T, 128]` (T = `config.targetLength`).
   * @throws AsmRhInputError for another rank, mel count or frame count.
   */
  override forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    this.#checkInput(x);
    return super.forward(x, options);
  }

  /**
   * Loads safetensors weights with the contract's names and PyTorch layouts (F32, F16, BF16 or F64 values).
   * Everything is checked before anything is assigned.
   * @throws SafetensorsError (from `@spectromix/tensor`) for a malformed file.
   * @throws WeightsMismatchError naming every missing, unexpected or differently-shaped tensor.
   */
  loadWeights(bytes: Uint8Array, options: LoadWeightsOptions = {}): void {
    const file = readSafetensors(bytes);
    const ignored = (name: string): boolean => (options.ignore ?? []).some((p) => (p.endsWith('.') ? name.startsWith(p) : name === p));
    const expected = this.stateDictShapes();
    const missing = [...expected.keys()].filter((name) => !ignored(name) && !file.tensors.has(name));
    const unexpected = [...file.tensors.keys()].filter((name) => !ignored(name) && !expected.has(name));
    const mismatched: ShapeMismatch[] = [];
    for (const [name, shape] of expected) {
      const got = file.tensors.get(name)?.shape;
      if (got != null && !ignored(name) && !tf.util.arraysEqual([...got], shape)) mismatched.push({ name, expected: shape, got: [...got] });
    }
    if (missing.length + unexpected.length + mismatched.length > 0) {
      throw new WeightsMismatchError(missing, unexpected, mismatched, this.describe(), describeSaved(file.metadata[CONFIG_METADATA_KEY]));
    }
    const state = new Map<string, tf.Tensor>();
    try {
      for (const [name, t] of file.tensors) if (!ignored(name)) state.set(name, tf.tensor(t.data, [...t.shape]));
      this.loadStateDict(state, { strict: false });
    } finally {
      tf.dispose([...state.values()]);
    }
  }

  /**
   * The weights as a safetensors file (F32, PyTorch names and layouts) that the PyTorch implementation loads.
   * The config is stored in the metadata under {@link CONFIG_METADATA_KEY}, with `format: 'pt'`. Reads the
   * weights synchronously: on WebGPU in Node (which cannot read GPU buffers synchronously) use
   * {@link saveWeightsAsync}.
   * @param metadata extra `__metadata__` strings.
   * @throws AsmRhError when the active backend cannot read tensors synchronously.
   */
  saveWeights(metadata: Readonly<Record<string, string>> = {}): Uint8Array {
    const state = this.stateDict();
    try {
      const values = [...state].map(([name, t]): [string, SafetensorsInput] => {
        try {
          return [name, { shape: t.shape, data: t.dataSync() as Float32Array }];
        } catch (error) {
          throw new AsmRhError(`saveWeights could not read '${name}' synchronously on the '${tf.getBackend()}' backend (${(error as Error).message}); use \`await model.saveWeightsAsync()\` instead.`);
        }
      });
      return this.#serialise(new Map(values), metadata);
    } finally {
      tf.dispose([...state.values()]);
    }
  }

  /** {@link saveWeights} reading the weights asynchronously: works on every backend, WebGPU in Node included. */
  async saveWeightsAsync(metadata: Readonly<Record<string, string>> = {}): Promise<Uint8Array> {
    const state = this.stateDict();
    try {
      const values = await Promise.all([...state].map(async ([name, t]): Promise<[string, SafetensorsInput]> => [name, { shape: t.shape, data: (await t.data()) as Float32Array }]));
      return this.#serialise(new Map(values), metadata);
    } finally {
      tf.dispose([...state.values()]);
    }
  }

  #serialise(tensors: ReadonlyMap<string, SafetensorsInput>, metadata: Readonly<Record<string, string>>): Uint8Array {
    return writeSafetensors(tensors, { format: 'pt', [CONFIG_METADATA_KEY]: JSON.stringify(this.config), ...metadata });
  }

  /**
   * Parameter counts by part, summed over blocks: `patch_embed`, `blocks.norm1`, `blocks.mlp_tokens`,
   * `blocks.norm2`, `blocks.hermit`, `blocks.norm3`, `blocks.mlp_channels`, `norm`, `head` (absent parts omitted).
   */
  parameterCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [name, v] of this.parameters()) {
      const parts = name.split('.');
      const key = parts[0] === 'blocks' ? `blocks.${parts[2] ?? ''}` : (parts[0] ?? name);
      counts[key] = (counts[key] ?? 0) + v.size;
    }
    return counts;
  }

  /** The model in words, for messages (preset, sizes, T, K and switches). */
  describe(): string {
    const c = this.config;
    const ablations = [c.hermit ? null : 'hermit off', c.roll ? null : 'roll off', c.patchEmbed != null ? `conv stem [${c.patchEmbed.channels.join(', ')}] k${c.patchEmbed.kernelSize} s${c.patchEmbed.stride}` : null].filter((s) => s != null);
    return `${c.preset} (D=${c.dim}, L=${c.depth}, D_S=${c.tokenMlpDim}, D_C=${c.channelMlpDim}, targetLength=${c.targetLength} -> ${this.grid.freq}x${this.grid.time} patches, numClasses=${c.numClasses}${ablations.length > 0 ? `, ${ablations.join(', ')}` : ''})`;
  }

  #checkInput(x: tf.Tensor): void {
    const { targetLength } = this.config;
    const { numMelBins } = ASM_RH_INPUT;
    if (x.rank !== 3) {
      throw new AsmRhInputError('the rank', `3 ([batch, ${targetLength} frames, ${numMelBins} mel bins])`, `${x.rank} (shape [${x.shape.join(', ')}])`, x.rank === 2 ? 'Add a batch axis with tf.expandDims(x, 0).' : 'Pass log-mel spectrograms as [batch, frames, mel bins].');
    }
    if (x.shape[2] !== numMelBins) {
      throw new AsmRhInputError('axis 2 (mel bins)', numMelBins, x.shape[2] as number, `ASM-RH reads ${numMelBins}-bin Kaldi fbank features; compute them with num_mel_bins = ${numMelBins}${x.shape[1] === numMelBins ? ' (the input looks transposed: it must be [batch, frames, mel])' : ''}.`);
    }
    if (x.shape[1] !== targetLength) {
      throw new AsmRhInputError('axis 1 (frames)', `targetLength ${targetLength}`, x.shape[1] as number, 'Pad with zero frames at the end or cut to targetLength before calling the model.');
    }
  }
}

/** The `patch_embed` factory of a conv-stem config. */
function convStem(spec: NonNullable<AsmRhConfig['patchEmbed']>): StemFactory {
  return (ctx) => new ConvStem({ ...ctx, channels: spec.channels, kernelSize: spec.kernelSize, stride: spec.stride, eps: LAYER_NORM_EPS });
}

function describeSaved(savedConfig: string | undefined): string | undefined {
  if (savedConfig == null) return undefined;
  try {
    const c = JSON.parse(savedConfig) as Partial<AsmRhConfig>;
    return `${String(c.preset)} (D=${String(c.dim)}, L=${String(c.depth)}, targetLength=${String(c.targetLength)}, numClasses=${String(c.numClasses)}, hermit ${c.hermit === false ? 'off' : 'on'}, roll ${c.roll === false ? 'off' : 'on'})`;
  } catch {
    return undefined;
  }
}
