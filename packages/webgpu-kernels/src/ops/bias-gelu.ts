import type { Tensor } from '@spectromix/tensor';
import { hasKernel, runKernel } from '../dispatch.js';
import { BIAS_GELU, GELU } from '../names.js';
import { biasGeluComposite } from '../reference/composites.js';
import { requireFloat32, requireVector } from './validate.js';

/**
 * `gelu(x + bias)` with the exact GELU `0.5 z (1 + erf(z / sqrt 2))` (torch's default `approximate='none'`),
 * bias broadcast along the last axis. On WebGPU one fused pass forward and one backward (the bias
 * gradient is a fused column reduction); elsewhere tfjs ops.
 * @param x any shape `[..., C]`.
 * @param bias `[C]`, or omitted for a plain GELU.
 */
export function biasGelu(x: Tensor, bias?: Tensor): Tensor {
  requireFloat32('biasGelu', 'x', x);
  if (bias != null) {
    requireFloat32('biasGelu', 'bias', bias);
    requireVector('biasGelu', 'bias', bias, x.shape[x.shape.length - 1] ?? 1);
  }
  const name = bias == null ? GELU : BIAS_GELU;
  if (hasKernel(name)) return runKernel(name, { x, bias });
  return biasGeluComposite(x, bias);
}

/** Exact GELU, `biasGelu(x)` without a bias. */
export function gelu(x: Tensor): Tensor {
  return biasGelu(x);
}
