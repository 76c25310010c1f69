import * as tf from '@spectromix/tensor';
import { ASM_RH_INPUT } from '@spectromix/asm-rh';
import { Gelu, LayerNorm, Linear, Module, Sequential, permutedLayout, withInitSeed, xavierUniform } from '@spectromix/mixer';
import { readSafetensors, writeSafetensors, type SafetensorsInput } from '@spectromix/tensor/codecs';
import { ConfigError, ExportFormatError } from '../errors.js';

/** Metadata key under which a CNN's weights file stores its config (JSON). */
export const CNN_CONFIG_METADATA_KEY = 'spectromix.cnn.config';

/**
 * A plain CNN classifier's architecture, as plain JSON (`cnnFromConfig` rebuilds it). Not ASM-RH: the baseline the
 * issue-19 table measures the Mixer against, and a teacher for knowledge distillation (`train.distill`).
 */
export interface CnnConfig {
  /** Always `'cnn'`: tells a CNN config from an ASM-RH one in a manifest. */
  readonly kind: 'cnn';
  /** The trainer preset it came from. */
  readonly preset: 'cnn';
  /** Output channels of each stage (two 3x3 convolutions, then 2x2 max pooling). */
  readonly channels: readonly number[];
  /** Classes K. */
  readonly numClasses: number;
  /** Frames T of the `[B, T, 128]` input. */
  readonly targetLength: number;
  /** Seed of the initial weights. */
  readonly seed: number;
}

/** The `cnn` preset: 4 stages of 32, 64, 128, 256 channels (about 1.2 M parameters, the issue-19 CNN's size). */
export const CNN_CHANNELS = [32, 64, 128, 256] as const;

/** Whether a manifest's model config is a {@link CnnConfig}. */
export function isCnnConfig(config: unknown): config is CnnConfig {
  return typeof config === 'object' && config !== null && (config as { kind?: unknown }).kind === 'cnn';
}

/** A 3x3 "same" convolution without bias on NHWC input (tfjs `conv2d`; weight shown as torch's `[out, in, 3, 3]`). */
class Conv3x3 extends Module {
  readonly weight: tf.Variable;

  constructor(inChannels: number, outChannels: number) {
    super();
    const shape = [3, 3, inChannels, outChannels];
    this.weight = this.registerParameter('weight', xavierUniform(shape, inChannels * 9, outChannels * 9), { layout: permutedLayout(shape, [3, 2, 0, 1]) });
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.conv2d(x as tf.Tensor4D, this.weight as tf.Tensor4D, 1, 'same');
  }
}

/** conv -> LayerNorm over channels -> GELU, twice, then 2x2 max pooling. */
class CnnStage extends Module {
  readonly conv1: Conv3x3;
  readonly norm1: LayerNorm;
  readonly conv2: Conv3x3;
  readonly norm2: LayerNorm;
  readonly #act = new Gelu();

  constructor(inChannels: number, outChannels: number) {
    super();
    this.conv1 = this.registerModule('conv1', new Conv3x3(inChannels, outChannels));
    this.norm1 = this.registerModule('norm1', new LayerNorm(outChannels, 1e-6));
    this.conv2 = this.registerModule('conv2', new Conv3x3(outChannels, outChannels));
    this.norm2 = this.registerModule('norm2', new LayerNorm(outChannels, 1e-6));
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.#act.forward(this.norm1.forward(this.conv1.forward(x)));
      const b = this.#act.forward(this.norm2.forward(this.conv2.forward(a)));
      return tf.maxPool(b as tf.Tensor4D, 2, 2, 'same');
    });
  }
}

/**
 * A plain CNN on log-mel spectrograms: `[B, T, 128]` read as a one-channel mel-by-time image, `stages.<i>` (two 3x3
 * convolutions with LayerNorm over channels and GELU, then 2x2 max pooling), global average pooling, `head`
 * (Linear). Trains on every backend the trainer selects (wasm through the trainer's `Conv2DBackpropFilter` patch).
 */
export class CnnClassifier extends Module {
  /** The plain-JSON config that rebuilds this model. */
  readonly config: CnnConfig;
  readonly stages: Sequential;
  readonly head: Linear;

  /** @param config the architecture (checked here). */
  constructor(config: CnnConfig) {
    super();
    if (!(config.channels.length > 0 && config.channels.every((c) => Number.isInteger(c) && c > 0 && c <= 4096))) throw new ConfigError(`cnn: channels must be positive integers, got [${config.channels.join(', ')}].`);
    if (!(Number.isInteger(config.numClasses) && config.numClasses > 0 && Number.isInteger(config.targetLength) && config.targetLength > 0)) throw new ConfigError(`cnn: numClasses and targetLength must be positive integers, got ${config.numClasses} and ${config.targetLength}.`);
    this.config = Object.freeze({ ...config, channels: [...config.channels] });
    const { channels } = config;
    const [stages, head] = withInitSeed(config.seed, () => [new Sequential(channels.map((c, i) => new CnnStage(i === 0 ? 1 : (channels[i - 1] as number), c))), new Linear(channels[channels.length - 1] as number, config.numClasses)] as const);
    this.stages = this.registerModule('stages', stages);
    this.head = this.registerModule('head', head);
  }

  /** Logits `[B, K]` of `[B, T, 128]` log-mel spectrograms. */
  forward(x: tf.Tensor, options: { training?: boolean } = {}): tf.Tensor2D {
    void options; // no stochastic layers: training and evaluation compute the same
    const { targetLength } = this.config;
    if (x.rank !== 3 || x.shape[1] !== targetLength || x.shape[2] !== ASM_RH_INPUT.numMelBins) {
      throw new ConfigError(`cnn: expected input [batch, ${targetLength}, ${ASM_RH_INPUT.numMelBins}], got [${x.shape.join(', ')}].`);
    }
    return tf.tidy(() => {
      const features = this.stages.forward(tf.expandDims(tf.transpose(x, [0, 2, 1]), 3));
      return this.head.forward(tf.mean(features, [1, 2])) as tf.Tensor2D;
    });
  }

  /** The model in words, for messages. */
  describe(): string {
    return `cnn (stages [${this.config.channels.join(', ')}], targetLength=${this.config.targetLength}, numClasses=${this.config.numClasses})`;
  }

  /** The weights as safetensors (F32, PyTorch layouts), with the config in the metadata. */
  async saveWeightsAsync(metadata: Readonly<Record<string, string>> = {}): Promise<Uint8Array> {
    const state = this.stateDict();
    try {
      const tensors = new Map<string, SafetensorsInput>();
      for (const [name, t] of state) tensors.set(name, { shape: t.shape, data: (await t.data()) as Float32Array });
      return writeSafetensors(tensors, { format: 'pt', [CNN_CONFIG_METADATA_KEY]: JSON.stringify(this.config), ...metadata });
    } finally {
      tf.dispose([...state.values()]);
    }
  }

  /**
   * Loads weights saved by {@link saveWeightsAsync}; `ignore` lists names or prefixes ending in '.' to leave as they are.
   * @throws ExportFormatError naming missing, unexpected or differently-shaped tensors.
   */
  loadWeights(bytes: Uint8Array, options: { ignore?: readonly string[] } = {}): void {
    const file = readSafetensors(bytes);
    const ignored = (name: string): boolean => (options.ignore ?? []).some((p) => (p.endsWith('.') ? name.startsWith(p) : name === p));
    const expected = this.stateDictShapes();
    const problems: string[] = [];
    for (const [name, shape] of expected) {
      const t = file.tensors.get(name);
      if (ignored(name)) continue;
      if (t == null) problems.push(`missing '${name}'`);
      else if (!tf.util.arraysEqual([...t.shape], shape)) problems.push(`'${name}' is [${t.shape.join(', ')}], the model has [${shape.join(', ')}]`);
    }
    for (const name of file.tensors.keys()) if (!expected.has(name) && !ignored(name)) problems.push(`unexpected '${name}'`);
    if (problems.length > 0) throw new ExportFormatError(`the weights do not fit ${this.describe()}: ${problems.slice(0, 6).join('; ')}${problems.length > 6 ? '; ...' : ''}.`);
    const state = new Map<string, tf.Tensor>();
    try {
      for (const [name, t] of file.tensors) if (!ignored(name)) state.set(name, tf.tensor(t.data, [...t.shape]));
      this.loadStateDict(state, { strict: false });
    } finally {
      tf.dispose([...state.values()]);
    }
  }
}

/** Rebuilds a CNN from its config (a manifest's `model`). */
export function cnnFromConfig(config: CnnConfig): CnnClassifier {
  return new CnnClassifier(config);
}
