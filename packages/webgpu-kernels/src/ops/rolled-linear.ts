import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { hasKernel, runKernel } from '../dispatch.js';
import { KernelShapeError } from '../errors.js';
import { ROLLED_LINEAR } from '../names.js';
import { biasGelu } from './bias-gelu.js';
import { linear } from './linear.js';
import { remapFits, rollTokens, tokenRollRemap, type TokenRollSpec } from './token-roll.js';
import { requireFloat32, requireVector } from './validate.js';

/** Options of {@link rolledLinear}. */
export interface RolledLinearOptions {
  /** `[out]`, added before the activation. */
  readonly bias?: Tensor;
  /** `'linear'` (default) or exact `'gelu'`. */
  readonly activation?: 'linear' | 'gelu';
  /** A tensor of the output's shape added last (a residual connection). */
  readonly residual?: Tensor;
}

/**
 * `act(roll(x) @ weight + bias) + residual`: a linear map of tokens read through a per-group Roll-Time, the
 * roll never materialised. `x` `[..., D]` holds item-major tokens of `roll`'s `F' x T'` grid (the leading axes
 * flatten to whole items, `[B, N, D]` or `[B * N, D]`); channel group g of every token is read from the token
 * `torch.roll` by `shiftF[g]`, `shiftT[g]` would bring there (what {@link rollGroups} computes). On WebGPU one
 * launch of the tiled matmul whose A loads remap rows by channel group; its gradients are two more launches of
 * it (the input gradient writes its rows back where they came from, the weight gradient reads `x` rolled) and a
 * column sum, so no roll pass runs forward or backward (the remap takes up to 4 moving groups, as Roll-Time has;
 * with more, and on other backends, the roll runs on its own, then {@link linear}).
 * @param x `[..., D]` tokens.
 * @param weight `[D, out]`.
 * @param roll the grid and the per-group shifts.
 * @returns `[..., out]`.
 * @example
 * ```ts
 * // ASM-RH channel MLP fc1 after RollTime (block shift 2, C = 16): [B, F' T', D] -> [B, F' T', D_C]
 * const h = rolledLinear(z, w1, { freq: 8, time: 16, ...rollTimeSpec(2) }, { bias: b1, activation: 'gelu' });
 * ```
 */
export function rolledLinear(x: Tensor, weight: Tensor, roll: TokenRollSpec, options: RolledLinearOptions = {}): Tensor {
  requireFloat32('rolledLinear', 'x', x);
  requireFloat32('rolledLinear', 'weight', weight);
  const d = x.shape[x.shape.length - 1] ?? 0;
  if (x.shape.length < 2 || weight.shape.length !== 2 || weight.shape[0] !== d) {
    throw new KernelShapeError('rolledLinear', `cannot multiply tokens x [${x.shape.join(', ')}] by weight [${weight.shape.join(', ')}]; expected x [..., D] and weight [D, out].`);
  }
  const rows = x.size / d;
  const out = weight.shape[1] as number;
  const remap = tokenRollRemap('rolledLinear', roll, rows, d, 'a');
  const outShape = [...x.shape.slice(0, -1), out];
  const { bias, residual } = options;
  const activation = options.activation ?? 'linear';
  if (activation !== 'linear' && activation !== 'gelu') throw new KernelShapeError('rolledLinear', `activation '${String(activation)}' is not 'linear' or 'gelu'.`);
  if (bias != null) {
    requireFloat32('rolledLinear', 'bias', bias);
    requireVector('rolledLinear', 'bias', bias, out);
  }
  if (residual != null) {
    requireFloat32('rolledLinear', 'residual', residual);
    if (residual.size !== rows * out || residual.shape[residual.shape.length - 1] !== out) {
      throw new KernelShapeError('rolledLinear', `residual has shape [${residual.shape.join(', ')}]; expected the output shape [${outShape.join(', ')}].`);
    }
  }
  return tf.tidy(() => {
    const x2 = tf.reshape(x, [rows, d]);
    const res2 = residual == null ? undefined : tf.reshape(residual, [rows, out]);
    let y: Tensor;
    if (!hasKernel(ROLLED_LINEAR) || !remapFits(remap)) {
      // The roll on its own (one gather kernel on WebGPU, tfjs slices elsewhere), then the product.
      y = linear(rollTokens(x2, remap), weight, { bias, activation, residual: res2 });
    } else {
      const attrs = { freq: remap.freq, time: remap.time, groups: d / remap.groupWidth, shiftF: remap.shiftF, shiftT: remap.shiftT };
      if (activation === 'gelu' && tf.engine().state.gradientDepth > 0) {
        // Training: the GELU's backward needs its input, so it is not folded into the matmul epilogue.
        const g = biasGelu(runKernel(ROLLED_LINEAR, { x: x2, weight, bias }, { ...attrs, activation: 'linear' }));
        y = res2 == null ? g : tf.add(g, res2);
      } else {
        y = runKernel(ROLLED_LINEAR, { x: x2, weight, bias, residual: res2 }, { ...attrs, activation });
      }
    }
    return tf.reshape(y, outShape);
  });
}
