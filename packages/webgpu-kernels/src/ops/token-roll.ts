import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { KernelShapeError } from '../errors.js';
import type { RollRemap } from '../matmul/matmul-types.js';
import { MAX_ROLL_MOVES, rollMoves } from '../matmul/roll-remap.js';
import { rollGroups, type RollGroupsSpec } from './roll-groups.js';

/**
 * A {@link RollGroupsSpec} on tokens: rows of `[rows, D]` are item-major tokens of an `F' x T'` grid
 * (`row = item * F' T' + f * T' + t`), so `[rows, D]` is `[B, F', T', D]` flattened.
 */
export interface TokenRollSpec extends RollGroupsSpec {
  /** F', tokens along frequency per item. */
  readonly freq: number;
  /** T', tokens along time per item. */
  readonly time: number;
}

/**
 * Checks a token roll against `rows` tokens of `d` channels and returns it as the matmul's remap of `operand`,
 * with one shift per group. Throws a {@link KernelShapeError} saying what does not fit.
 */
export function tokenRollRemap(op: string, roll: TokenRollSpec, rows: number, d: number, operand: RollRemap['operand']): RollRemap {
  const { groups, freq, time } = roll;
  if (![freq, time].every((v) => Number.isInteger(v) && v > 0)) throw new KernelShapeError(op, `the roll grid is ${freq} x ${time}; expected positive integers F' x T'.`);
  if (!Number.isInteger(groups) || groups < 1 || d % groups !== 0) {
    throw new KernelShapeError(op, `groups is ${groups}, which does not divide D = ${d}; choose a divisor of D (ASM-RH uses 16).`);
  }
  if (roll.shiftF.length > groups || roll.shiftT.length > groups || ![...roll.shiftF, ...roll.shiftT].every(Number.isInteger)) {
    throw new KernelShapeError(op, `shifts must be integers, at most one per group (${groups}).`);
  }
  if (rows % (freq * time) !== 0) {
    throw new KernelShapeError(op, `${rows} token rows are not whole items of the ${freq} x ${time} grid; pass [B * ${freq * time}, D] tokens, item-major.`);
  }
  const shiftF = Array.from({ length: groups }, (_, g) => roll.shiftF[g] ?? 0);
  const shiftT = Array.from({ length: groups }, (_, g) => roll.shiftT[g] ?? 0);
  return { operand, freq, time, groupWidth: d / groups, shiftF, shiftT };
}

/** The remap's shifts negated: the roll that undoes it. */
export function inverseRoll(r: RollRemap): RollRemap {
  return { ...r, shiftF: r.shiftF.map((s) => -s), shiftT: r.shiftT.map((s) => -s) };
}

/** Whether the matmul can fold `r` in (at most {@link MAX_ROLL_MOVES} groups move); otherwise roll, then multiply. */
export function remapFits(r: RollRemap): boolean {
  return rollMoves(r).length <= MAX_ROLL_MOVES;
}

/** Rolls `[rows, D]` tokens as `r` says with {@link rollGroups} (its kernel where registered), keeping `x`'s shape. */
export function rollTokens(x: Tensor, r: RollRemap): Tensor {
  const d = x.shape[x.shape.length - 1] ?? 1;
  return tf.tidy(() => tf.reshape(rollGroups(tf.reshape(x, [-1, r.freq, r.time, d]), { groups: d / r.groupWidth, shiftF: r.shiftF, shiftT: r.shiftT }), x.shape));
}
