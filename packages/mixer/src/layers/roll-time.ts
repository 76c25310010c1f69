import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { checkTokens, type PatchGrid } from '../grid.js';
import { MixerConfigError } from '../errors.js';
import { mixerOps } from '../ops/select.js';
import type { RollTimePlan } from '../ops/mixer-ops.js';
import type { FusionSupport } from './fusion.js';

/** Options of {@link RollTime}. */
export interface RollTimeOptions {
  /** The patch grid (F', T') the tokens come from. */
  readonly grid: PatchGrid;
  /** Embedding width D. */
  readonly dim: number;
  /** Roll distance s in patches (see {@link rollShift} for the depth schedule). */
  readonly shift: number;
  /** Channel groups C (default 16); must divide `dim`. Groups 0-3 roll, the rest pass unchanged. */
  readonly groups?: number;
}

/**
 * The ASM-RH depth schedule: block `index` of `depth` rolls by `s = 1 + floor(index * rollRange / depth)`
 * (base, rollRange 4: 1,1,1,2,2,2,3,3,3,4,4,4).
 */
export function rollShift(index: number, depth: number, rollRange = 4): number {
  return 1 + Math.floor((index * rollRange) / depth);
}

/**
 * Roll-Time mixing (parameter-free). Views `[B, N, D]` as `[B, F', T', D]`, splits D into C contiguous groups and
 * circularly rolls group 0 along time by -s (left), group 1 by +s (right), group 2 along frequency by -s (up) and
 * group 3 by +s (down), as `torch.roll` (`out[i] = in[(i - k) mod n]`); other groups pass unchanged. How it runs
 * is the backend's ops' choice: the reference ops apply the whole roll as one precomputed permutation of an
 * item's `N * D` values (a single gather; its gradient gathers with the inverse), the WebGPU ops as one gather
 * kernel that computes the source index. In an {@link RhMixerBlock} the block hands the {@link plan} to the channel
 * MLP's first linear layer instead of calling {@link forward}: the reference ops then roll and multiply, the WebGPU
 * ops fold the roll into that layer's matmul (no roll pass forward or backward).
 */
export class RollTime extends Module {
  /** Hands its plan to the consumer ({@link planFor}), which can fold the roll into its product. */
  readonly fusion: FusionSupport = { rollPlan: true };
  /** Channels per group, D / C. */
  readonly groupWidth: number;
  /** The roll as the ops take it: the per-group shifts and, built on demand, the permutation. */
  readonly plan: RollTimePlan;

  /** @param options grid, width, shift and groups. */
  constructor(readonly options: RollTimeOptions) {
    super();
    const groups = options.groups ?? 16;
    const { dim, shift, grid } = options;
    if (!Number.isInteger(groups) || groups <= 0) throw new MixerConfigError(`RollTime: groups must be a positive integer, got ${groups}.`);
    if (!Number.isInteger(dim) || dim % groups !== 0) {
      throw new MixerConfigError(`RollTime: embedding width ${dim} is not divisible by the ${groups} roll groups; use a width that is a multiple of ${groups}.`);
    }
    if (!Number.isInteger(shift)) throw new MixerConfigError(`RollTime: shift must be an integer, got ${shift}.`);
    this.groupWidth = dim / groups;
    // Groups 0-3: time by -s and +s, frequency by -s and +s (fewer groups roll fewer directions).
    const shiftT = [-shift, shift, 0, 0].slice(0, groups);
    const shiftF = [0, 0, -shift, shift].slice(0, groups);
    this.plan = { grid, groups, shiftF, shiftT, permutation: () => this.#permutation() };
    if (mixerOps().precomputesRollIndex) this.#permutation();
  }

  /** `[B, N, D]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    checkTokens('RollTime', x, this.options.grid, this.options.dim);
    return mixerOps().rollTime(x as tf.Tensor3D, this.plan);
  }

  /**
   * The plan for rolling `x` (`[B, N, D]`, checked like {@link forward}) inside the consumer: what a block hands
   * its channel MLP (`inputRoll`) instead of calling {@link forward}.
   */
  planFor(x: tf.Tensor): RollTimePlan {
    checkTokens('RollTime', x, this.options.grid, this.options.dim);
    return this.plan;
  }

  // The gather indices, kept as buffers from the first use (at construction where the ops want them).
  #permutation(): { source: tf.Tensor1D; inverse: tf.Tensor1D } {
    const source = this.buffer('source') as tf.Tensor1D | undefined;
    const inverse = this.buffer('inverse') as tf.Tensor1D | undefined;
    if (source != null && inverse != null) return { source, inverse };
    const p = rollPermutation(this.plan, this.options.dim, this.groupWidth);
    return { source: this.registerBuffer('source', tf.tensor1d(p.source, 'int32')), inverse: this.registerBuffer('inverse', tf.tensor1d(p.inverse, 'int32')) };
  }
}

/**
 * Where each output value of an item comes from (`source`) and its inverse, over the flattened `[F', T', D]`:
 * channel c of group g is `torch.roll`ed by `shiftF[g]` along F' and `shiftT[g]` along T'.
 */
function rollPermutation(plan: RollTimePlan, dim: number, groupWidth: number): { source: Int32Array; inverse: Int32Array } {
  const { grid } = plan;
  const size = grid.freq * grid.time * dim;
  const source = new Int32Array(size);
  const inverse = new Int32Array(size);
  const wrap = (i: number, n: number): number => ((i % n) + n) % n;
  for (let f = 0; f < grid.freq; f++) {
    for (let t = 0; t < grid.time; t++) {
      for (let c = 0; c < dim; c++) {
        const g = Math.floor(c / groupWidth);
        const sf = wrap(f - (plan.shiftF[g] ?? 0), grid.freq);
        const st = wrap(t - (plan.shiftT[g] ?? 0), grid.time);
        const out = (f * grid.time + t) * dim + c;
        const from = (sf * grid.time + st) * dim + c;
        source[out] = from;
        inverse[from] = out;
      }
    }
  }
  return { source, inverse };
}
