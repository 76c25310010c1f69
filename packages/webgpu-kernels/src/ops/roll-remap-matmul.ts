import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { hasKernel, runKernel } from '../dispatch.js';
import { KernelShapeError } from '../errors.js';
import { ROLL_REMAP_MATMUL } from '../names.js';
import { inverseRoll, remapFits, rollTokens, tokenRollRemap, type TokenRollSpec } from './token-roll.js';

/** Options of {@link rollRemapMatMul}. */
export interface RollRemapMatMulOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
  /**
   * `'a'`: multiply `roll(a)` (a's stored `[tokens, channels]` rows rolled per channel group; with transposeA
   * the tokens are K). `'output'`: return `unroll(op(a) @ op(b))`, the product's `[tokens, channels]` rows put
   * back where the roll took them from.
   */
  readonly remap: 'a' | 'output';
  /** The grid and the per-group shifts. */
  readonly roll: TokenRollSpec;
}

/**
 * The two products of a rolled linear map's gradients, with the roll done by index arithmetic inside one
 * matmul launch on WebGPU: `dx = unroll(dy @ W^T)` (`remap: 'output'`, transposeB) and
 * `dW = roll(x)^T @ dy` (`remap: 'a'`, transposeA). With more than 4 moving groups, and on other backends,
 * `rollGroups` and `tf.matMul`.
 * Rank-2 operands only. Not differentiable (a gradient helper).
 */
export function rollRemapMatMul(a: Tensor, b: Tensor, options: RollRemapMatMulOptions): Tensor {
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new KernelShapeError('rollRemapMatMul', `operands have shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}]; expected two matrices.`);
  }
  const [ar, ac] = a.shape as [number, number];
  const m = transposeA ? ac : ar;
  const n = (transposeB ? b.shape[0] : b.shape[1]) as number;
  const remap = options.remap === 'a' ? tokenRollRemap('rollRemapMatMul', options.roll, ar, ac, 'a') : tokenRollRemap('rollRemapMatMul', options.roll, m, n, 'output');
  if (hasKernel(ROLL_REMAP_MATMUL) && remapFits(remap)) {
    return runKernel(ROLL_REMAP_MATMUL, { a, b }, { transposeA, transposeB, remap: remap.operand, freq: remap.freq, time: remap.time, groups: options.roll.groups, shiftF: remap.shiftF, shiftT: remap.shiftT });
  }
  return tf.tidy(() => {
    if (remap.operand === 'a') return tf.matMul(rollTokens(a, remap), b, transposeA, transposeB);
    return rollTokens(tf.matMul(a, b, transposeA, transposeB), inverseRoll(remap));
  });
}
