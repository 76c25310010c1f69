import * as tf from '@spectromix/tensor';
import { gelu, layerNorm, linear, registerFastWebGPUKernels, rollGroups } from '@spectromix/webgpu-kernels';
import type { MixerOps } from './mixer-ops.js';

let registered = false;

// The kernels are registered on first use rather than at import, so that importing this package has no side
// effects; registration is global to tfjs's 'webgpu' backend and idempotent.
function ensureKernels(): void {
  if (registered) return;
  registerFastWebGPUKernels();
  registered = true;
}

/**
 * The Mixer ops on `@spectromix/webgpu-kernels` (tfjs's webgpu backend): every linear map is one launch of the
 * tiled matmul with bias, GELU and residual in its epilogue (while gradients are recorded the GELU runs as its
 * own fused pass that keeps its input), token mixing multiplies `W^T x[b]` with a per-row bias and no
 * transposes, LayerNorm is one fused pass, and Roll-Time is a single gather by index arithmetic. The first
 * call registers the fast kernels (`registerFastWebGPUKernels()`), which also replaces tfjs's webgpu
 * `BatchMatMul` and `_FusedMatMul` for the whole process (same results; see that package's README).
 */
export const webgpuOps: MixerOps = {
  name: 'webgpu-kernels',
  tokenwise: true,
  precomputesRollIndex: false,
  linear: (x, weight, bias, e = {}) => {
    ensureKernels();
    return linear(x, weight, { bias: bias ?? undefined, activation: e.activation ?? 'linear', residual: e.residual }) as tf.Tensor2D;
  },
  linearTokens: (x, weight, bias, e = {}) => {
    ensureKernels();
    return linear(weight, x, { transposeA: true, bias: bias ?? undefined, biasAxis: 'row', activation: e.activation ?? 'linear', residual: e.residual }) as tf.Tensor3D;
  },
  layerNorm: (x, weight, bias, eps) => {
    ensureKernels();
    return layerNorm(x, weight, bias, eps);
  },
  gelu: (x) => {
    ensureKernels();
    return gelu(x);
  },
  rollTime: (x, plan) => {
    ensureKernels();
    const [, n, d] = x.shape;
    return tf.tidy(() => tf.reshape(rollGroups(tf.reshape(x, [-1, plan.grid.freq, plan.grid.time, d]), plan), [-1, n, d]));
  },
};
