import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { TokenMixing, ChannelMixing } from './token-mixing.js';
import { DropPath } from './drop-path.js';
import { numTokens, type PatchGrid } from '../grid.js';
import { MixerConfigError } from '../errors.js';
import { layerNormFactory, type BranchFactory, type LayerFactory } from './factories.js';
import { normWithSkip } from './layer-norm.js';
import { declaresFusion } from './fusion.js';
import type { ResidualOptions } from './linear.js';

function addResidual(y: tf.Tensor, o: ResidualOptions): tf.Tensor {
  return o.residual == null ? y : tf.add(o.residual, y);
}

/** Options of {@link RhMixerBlock}. */
export interface RhMixerBlockOptions {
  /** Embedding width D. */
  readonly dim: number;
  /** Patch grid (F', T'). */
  readonly grid: PatchGrid;
  /** Tokens N; optional, checked against `grid` when given. */
  readonly numTokens?: number;
  /** Token MLP for N (registered as `mlp_tokens`). */
  readonly tokenMlp: LayerFactory;
  /** Channel MLP for D (registered as `mlp_channels`). */
  readonly channelMlp: LayerFactory;
  /** Norm for D (default LayerNorm, eps 1e-6), used for norm1, norm2 and norm3. */
  readonly norm?: LayerFactory;
  /** The frequency branch (registered as `hermit`, with `norm2` before it), or null/absent for none. */
  readonly hermit?: BranchFactory | null;
  /** Parameter-free mixing before the channel MLP (registered as `roll`), or null/absent for none. */
  readonly roll?: BranchFactory | null;
  /** Stochastic depth rate of every branch (default 0). */
  readonly dropPath?: number;
}

/**
 * The RH-MixerBlock of ASM-RH (`[B, N, D]` -> `[B, N, D]`):
 * ```
 * x = x + TokenMix(norm1(x))
 * x = x + Hermit(norm2(x))           // only with a hermit factory; norm2 and hermit are absent otherwise
 * x = x + ChannelMLP(Roll(norm3(x))) // without a roll factory the channel MLP reads norm3(x)
 * ```
 * Without stochastic depth the token and channel MLPs add the residual in their last op (fused on WebGPU). Fused
 * paths follow what each layer declares (`FusionSupport`), not its class: a roll that declares `rollPlan` (`RollTime`)
 * is not run on its own, its plan goes to a channel MLP that declares `inputRoll`, whose first linear layer reads
 * its input rolled (on WebGPU by index arithmetic inside the matmul; the reference ops roll, then multiply).
 * Norm names stay norm1/norm2/norm3 in every ablation, so weights of ablated models keep the full model's names.
 */
export class RhMixerBlock extends Module {
  /** Norm before token mixing. */
  readonly norm1: Module;
  /** Token mixing. */
  readonly mlpTokens: TokenMixing;
  /** Norm before the frequency branch, or null. */
  readonly norm2: Module | null;
  /** The frequency branch, or null. */
  readonly hermit: Module | null;
  /** Norm before the channel MLP. */
  readonly norm3: Module;
  /** Mixing before the channel MLP, or null. */
  readonly roll: Module | null;
  /** Channel mixing. */
  readonly mlpChannels: ChannelMixing;
  /** Stochastic depth on every branch. */
  readonly dropPath: DropPath;

  /** @param options sizes and factories. */
  constructor(options: RhMixerBlockOptions) {
    super();
    const { dim, grid } = options;
    const n = numTokens(grid);
    if (options.numTokens != null && options.numTokens !== n) {
      throw new MixerConfigError(`RhMixerBlock: numTokens ${options.numTokens} does not match the ${grid.freq} x ${grid.time} grid (${n} tokens).`);
    }
    const norm = options.norm ?? layerNormFactory();
    const geometry = { dim, grid };
    this.norm1 = this.registerModule('norm1', norm(dim));
    this.mlpTokens = this.registerModule('mlp_tokens', new TokenMixing(options.tokenMlp(n)));
    if (options.hermit != null) {
      this.norm2 = this.registerModule('norm2', norm(dim));
      this.hermit = this.registerModule('hermit', options.hermit(geometry));
    } else {
      this.norm2 = null;
      this.hermit = null;
    }
    this.norm3 = this.registerModule('norm3', norm(dim));
    this.roll = options.roll == null ? null : this.registerModule('roll', options.roll(geometry));
    this.mlpChannels = this.registerModule('mlp_channels', new ChannelMixing(options.channelMlp(dim)));
    this.dropPath = this.registerModule('drop_path', new DropPath(options.dropPath ?? 0));
  }

  /** `[B, N, D]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const { hermit, norm2, roll } = this;
      // Each norm also hands out the skip its branch adds, so its backward can take the skip's gradient in.
      const [n1, x1] = normWithSkip(this.norm1, x);
      let y = this.dropPath.addTo(x1, (o) => this.mlpTokens.forward(n1, o));
      if (hermit != null && norm2 != null) {
        const [n2, y1] = normWithSkip(norm2, y);
        y = this.dropPath.addTo(y1, (o) => (declaresFusion(hermit, 'residual') ? hermit.forward(n2, o) : addResidual(hermit.forward(n2), o)));
      }
      const [z, y2] = normWithSkip(this.norm3, y);
      // A roll that declares the `rollPlan` fusion (RollTime does) is handed to a channel MLP that declares `inputRoll`
      // (folded into its first matmul on WebGPU); any other roll module, or a channel MLP that cannot take it, runs
      // as a module of its own.
      if (roll != null && declaresFusion(roll, 'rollPlan') && this.mlpChannels.foldsInputRoll) {
        const inputRoll = roll.planFor(z);
        return this.dropPath.addTo(y2, (o) => this.mlpChannels.forward(z, { ...o, inputRoll }));
      }
      return this.dropPath.addTo(y2, (o) => this.mlpChannels.forward(roll == null ? z : roll.forward(z), o));
    });
  }
}
