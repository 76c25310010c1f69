import type { Tensor } from '@spectromix/tensor';
import { hasKernel, runKernel } from '../dispatch.js';
import { KernelShapeError } from '../errors.js';
import { ADAM_MOMENTS, ADAM_PARAM } from '../names.js';
import { adamComposite, type AdamStepConstants } from '../reference/adam-composite.js';
import { requireFloat32 } from './validate.js';

/** Hyper-parameters of one {@link adamUpdate}, named as `torch.optim.Adam`'s. */
export interface AdamUpdateOptions {
  /** Learning rate. */
  readonly lr: number;
  /** Coefficient of the running average of the gradient, in [0, 1). */
  readonly beta1: number;
  /** Coefficient of the running average of the squared gradient, in [0, 1). */
  readonly beta2: number;
  /** Added to the denominator. */
  readonly eps: number;
  /** Weight decay (default 0): an L2 term added to the gradient, or decoupled decay with `decoupled`. */
  readonly weightDecay?: number;
  /** AdamW: decay the parameter by `1 - lr weightDecay` instead of adding an L2 term (default false). */
  readonly decoupled?: boolean;
  /** This parameter's step number, counting from 1 (bias correction `1 - beta^step`). */
  readonly step: number;
  /** A one-element tensor the gradient is multiplied by first (e.g. gradient clipping's coefficient). */
  readonly gradScale?: Tensor;
}

/** What {@link adamUpdate} returns: new tensors, owned by the caller. */
export interface AdamUpdateResult {
  /** The updated parameter, shaped like the input. */
  readonly param: Tensor;
  /** The updated moments, packed `[exp_avg | exp_avg_sq]` as a `[2 n]` vector. */
  readonly moments: Tensor;
}

/** True when the active backend runs {@link adamUpdate} as the fused kernels (webgpu after registration). */
export function hasFusedAdam(): boolean {
  return hasKernel(ADAM_MOMENTS) && hasKernel(ADAM_PARAM);
}

/** The float32 constants of a step, derived in float64 as torch does in Python. */
export function adamStepConstants(options: AdamUpdateOptions): AdamStepConstants {
  const weightDecay = options.weightDecay ?? 0;
  const decoupled = options.decoupled === true;
  return {
    beta1: options.beta1,
    beta2: options.beta2,
    eps: options.eps,
    l2: decoupled ? 0 : weightDecay,
    decay: decoupled && weightDecay !== 0 ? 1 - options.lr * weightDecay : 1,
    biasCorrection2Sqrt: Math.sqrt(1 - options.beta2 ** options.step),
    stepSize: options.lr / (1 - options.beta1 ** options.step),
  };
}

/** Throws a {@link KernelShapeError} unless `param`, `grad`, `moments` and `options` make a valid {@link adamUpdate}. */
export function validateAdamUpdate(param: Tensor, grad: Tensor, moments: Tensor, options: AdamUpdateOptions): void {
  requireFloat32('adamUpdate', 'param', param);
  requireFloat32('adamUpdate', 'grad', grad);
  requireFloat32('adamUpdate', 'moments', moments);
  if (grad.shape.join(',') !== param.shape.join(',')) {
    throw new KernelShapeError('adamUpdate', `grad has shape [${grad.shape.join(', ')}], param [${param.shape.join(', ')}]; expected the gradient of this parameter, shaped like it.`);
  }
  if (moments.rank !== 1 || moments.size !== 2 * param.size) {
    throw new KernelShapeError('adamUpdate', `moments has shape [${moments.shape.join(', ')}]; expected [${2 * param.size}] (exp_avg then exp_avg_sq of the ${param.size} values, flattened).`);
  }
  if (options.gradScale != null && options.gradScale.size !== 1) throw new KernelShapeError('adamUpdate', `gradScale has ${options.gradScale.size} values; expected one.`);
  if (!Number.isInteger(options.step) || options.step < 1) throw new KernelShapeError('adamUpdate', `step is ${options.step}; expected the parameter's step number, an integer from 1.`);
  for (const [name, b] of [['beta1', options.beta1], ['beta2', options.beta2]] as const) {
    if (!(b >= 0 && b < 1)) throw new KernelShapeError('adamUpdate', `${name} is ${b}; expected a number in [0, 1).`);
  }
}

/**
 * One `torch.optim.Adam` / `AdamW` step of one parameter (single-tensor semantics, amsgrad off): with
 * `g = grad * gradScale (+ weightDecay param)`, `m' = beta1 m + (1 - beta1) g`, `v' = beta2 v + (1 - beta2) g^2`
 * and `param' = param (* (1 - lr weightDecay)) - lr / (1 - beta1^t) * m' / (sqrt(v') / sqrt(1 - beta2^t) + eps)`.
 * On WebGPU (after `registerFastWebGPUKernels()`) two launches whatever the parameter's size, hyper-parameters
 * as uniforms (no scalar tensors are made); elsewhere tfjs ops in the same order. Nothing is written in place.
 * @param param the current parameter.
 * @param grad its gradient, shaped like `param`.
 * @param moments packed `[exp_avg | exp_avg_sq]`, `[2 n]` (zeros before the first step).
 */
export function adamUpdate(param: Tensor, grad: Tensor, moments: Tensor, options: AdamUpdateOptions): AdamUpdateResult {
  validateAdamUpdate(param, grad, moments, options);
  const k = adamStepConstants(options);
  if (!hasFusedAdam()) return adamComposite(param, grad, moments, k, options.gradScale);
  const next = runKernel(
    ADAM_MOMENTS,
    { grad, moments, param: k.l2 !== 0 ? param : undefined, gradScale: options.gradScale },
    { beta1: k.beta1, beta2: k.beta2, weightDecay: k.l2 },
  );
  const p = runKernel(ADAM_PARAM, { param, moments: next }, { decay: k.decay, biasCorrection2Sqrt: k.biasCorrection2Sqrt, eps: k.eps, stepSize: k.stepSize });
  return { param: p, moments: next };
}
