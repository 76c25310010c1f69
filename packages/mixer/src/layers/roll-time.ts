import * as tf from '@spectromix/tensor';
import { Module } from '../module.js';
import { numTokens, type PatchGrid } from '../grid.js';
import { InputShapeError, MixerConfigError } from '../errors.js';

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
 * group 3 by +s (down), as `torch.roll` (`out[i] = in[(i - k) mod n]`); other groups pass unchanged. Each roll is
 * two slices and a concat, planned once in the constructor.
 */
export class RollTime extends Module {
  /** Channels per group, D / C. */
  readonly groupWidth: number;
  readonly #rolls: GroupRoll[];

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
    const directions: GroupRoll[] = [
      { axis: 2, shift: -shift },
      { axis: 2, shift },
      { axis: 1, shift: -shift },
      { axis: 1, shift },
    ];
    this.#rolls = directions.slice(0, groups).map((r) => {
      const n = r.axis === 2 ? grid.time : grid.freq;
      return { axis: r.axis, shift: ((r.shift % n) + n) % n };
    });
  }

  /** `[B, N, D]` -> `[B, N, D]`. */
  forward(x: tf.Tensor): tf.Tensor {
    const { grid, dim } = this.options;
    const n = numTokens(grid);
    if (x.rank !== 3 || x.shape[1] !== n || x.shape[2] !== dim) {
      throw new InputShapeError('RollTime', 'shape', `[batch, ${n}, ${dim}]`, `[${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const z = tf.reshape(x, [-1, grid.freq, grid.time, dim]) as tf.Tensor4D;
      const w = this.groupWidth;
      const parts = this.#rolls.map((r, g) => rollGroup(z, r, g * w, w));
      const restStart = this.#rolls.length * w;
      if (restStart < dim) parts.push(tf.slice(z, [0, 0, 0, restStart], [-1, -1, -1, dim - restStart]));
      return tf.reshape(tf.concat(parts, 3), [-1, n, dim]);
    });
  }
}

/** `torch.roll` of channels `[start, start + width)` of `z` along `roll.axis` by `roll.shift` (already mod n). */
function rollGroup(z: tf.Tensor4D, roll: GroupRoll, start: number, width: number): tf.Tensor4D {
  const n = z.shape[roll.axis];
  const k = roll.shift;
  const begin = [0, 0, 0, start];
  const size = [-1, -1, -1, width];
  if (k === 0) return tf.slice(z, begin, size);
  // out[i] = in[(i - k) mod n]: the last k entries come first.
  const tailBegin = [...begin];
  tailBegin[roll.axis] = n - k;
  const tailSize = [...size];
  tailSize[roll.axis] = k;
  const headSize = [...size];
  headSize[roll.axis] = n - k;
  return tf.concat([tf.slice(z, tailBegin, tailSize), tf.slice(z, begin, headSize)], roll.axis);
}
