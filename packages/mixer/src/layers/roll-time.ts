import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { checkTokens, type PatchGrid } from '../grid.js';
import { MixerConfigError } from '../errors.js';

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

/** One rolled channel group: `torch.roll(z[..., group], shift, axis)` with axis 1 (f) or 2 (t) of `[B, F', T', D]`. */
interface GroupRoll {
  readonly axis: 1 | 2;
  readonly shift: number;
}

/**
 * Roll-Time mixing (parameter-free). Views `[B, N, D]` as `[B, F', T', D]`, splits D into C contiguous groups and
 * circularly rolls group 0 along time by -s (left), group 1 by +s (right), group 2 along frequency by -s (up) and
 * group 3 by +s (down), as `torch.roll` (`out[i] = in[(i - k) mod n]`); other groups pass unchanged. The whole roll
 * is one permutation of the `N * D` values of an item, precomputed here and applied as a single gather (its
 * gradient is the gather with the inverse permutation): one kernel per direction on every backend.
 */
export class RollTime extends Module {
  /** Channels per group, D / C. */
  readonly groupWidth: number;

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
    const rolls: GroupRoll[] = [
      { axis: 2, shift: -shift },
      { axis: 2, shift },
      { axis: 1, shift: -shift },
      { axis: 1, shift },
    ];
    const { source, inverse } = rollPermutation(grid, dim, this.groupWidth, rolls.slice(0, groups));
    this.registerBuffer('source', tf.tensor1d(source, 'int32'));
    this.registerBuffer('inverse', tf.tensor1d(inverse, 'int32'));
  }

  /** `[B, N, D]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    const { grid, dim } = this.options;
    const n = checkTokens('RollTime', x, grid, dim);
    return tf.tidy(() => {
      const flat = tf.reshape(x, [-1, n * dim]) as tf.Tensor2D;
      return tf.reshape(permute(flat, this.buffer('source') as tf.Tensor1D, this.buffer('inverse') as tf.Tensor1D), [-1, n, dim]);
    });
  }
}

/**
 * Where each output value of an item comes from (`source`) and its inverse, over the flattened `[F', T', D]`:
 * channel c of group g < rolls.length is `torch.roll`ed along its axis, the other channels stay.
 */
function rollPermutation(grid: PatchGrid, dim: number, groupWidth: number, rolls: readonly GroupRoll[]): { source: Int32Array; inverse: Int32Array } {
  const size = grid.freq * grid.time * dim;
  const source = new Int32Array(size);
  const inverse = new Int32Array(size);
  for (let f = 0; f < grid.freq; f++) {
    for (let t = 0; t < grid.time; t++) {
      for (let c = 0; c < dim; c++) {
        const roll = rolls[Math.floor(c / groupWidth)];
        let sf = f;
        let st = t;
        if (roll != null && roll.axis === 2) st = (((t - roll.shift) % grid.time) + grid.time) % grid.time;
        if (roll != null && roll.axis === 1) sf = (((f - roll.shift) % grid.freq) + grid.freq) % grid.freq;
        const out = (f * grid.time + t) * dim + c;
        const from = (sf * grid.time + st) * dim + c;
        source[out] = from;
        inverse[from] = out;
      }
    }
  }
  return { source, inverse };
}

// x[:, source] with the gradient dy[:, inverse] (a permutation's transpose is its inverse); tfjs's own GatherV2
// gradient is an UnsortedSegmentSum, which tfjs-wasm lacks.
const permute = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, source, inverse] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
  return {
    value: tf.gather(x, source, 1),
    gradFunc: (dy: tf.Tensor) => [tf.gather(dy, inverse, 1), tf.zerosLike(source), tf.zerosLike(inverse)],
  };
}) as (x: tf.Tensor2D, source: tf.Tensor1D, inverse: tf.Tensor1D) => tf.Tensor2D;
