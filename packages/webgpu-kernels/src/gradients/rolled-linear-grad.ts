import * as tf from '@spectromix/tensor';
import type { GradConfig, Tensor } from '@spectromix/tensor';
import { ROLLED_LINEAR } from '../names.js';
import { columnSum } from '../ops/grad-ops.js';
import { rollRemapMatMul } from '../ops/roll-remap-matmul.js';
import { requireLinearEpilogue } from './linear-grad.js';
import type { TokenRollSpec } from '../ops/token-roll.js';

/**
 * Gradient of `spectromix.RolledLinear` (`y = roll(x) @ W + b`, recorded only with a linear activation):
 * `dx = unroll(dy @ W^T)`, `dW = roll(x)^T @ dy`, each one remapped product, and `db` a column sum.
 */
export const rolledLinearGradConfig: GradConfig = {
  kernelName: ROLLED_LINEAR,
  inputsToSave: ['x', 'weight'],
  gradFunc: (dy, saved, attrs) => {
    requireLinearEpilogue('rolledLinear', attrs);
    const [x, weight] = saved as [Tensor, Tensor];
    const dz = dy as Tensor;
    const roll: TokenRollSpec = {
      freq: Number(attrs['freq']),
      time: Number(attrs['time']),
      groups: Number(attrs['groups']),
      shiftF: attrs['shiftF'] as number[],
      shiftT: attrs['shiftT'] as number[],
    };
    return {
      x: () => rollRemapMatMul(dz, weight, { transposeB: true, remap: 'output', roll }),
      weight: () => rollRemapMatMul(x, dz, { transposeA: true, remap: 'a', roll }),
      bias: () => columnSum(dz),
      residual: () => tf.clone(dz),
    };
  },
};
