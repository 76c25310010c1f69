import * as tf from '@spectromix/tensor';
import { CheckpointMismatchError, TrainConfigError } from '../errors.js';
import type { Optimizer, OptimizerState, OptimizerStepOptions } from './optimizer.js';
import { AdamMoments } from './adam-moments.js';
import type { AdamStepItem } from './adam-update.js';
import { adamUpdateFor } from './adam-update-select.js';

/** Options of {@link Adam} and {@link AdamW}, named as torch.optim.Adam's arguments. */
export interface AdamOptions {
  /** Learning rate (torch default 1e-3). */
  readonly lr?: number;
  /** Coefficients of the running averages of the gradient and its square (torch default [0.9, 0.999]). */
  readonly betas?: readonly [number, number];
  /** Added to the denominator for numerical stability (torch default 1e-8). */
  readonly eps?: number;
  /** Weight decay: an L2 term added to the gradient for Adam, decoupled decay for AdamW. */
  readonly weightDecay?: number;
}

interface Slots {
  readonly moments: AdamMoments;
  step: number;
}

/**
 * Adam exactly as `torch.optim.Adam` (single-tensor path, amsgrad off, not maximising): with `weightDecay`
 * the L2 term `weightDecay * param` is added to the gradient, moments are updated as
 * `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g^2`, and the parameter moves by
 * `-lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)`. Bias corrections are computed in float64 as in
 * Python. Moments are created lazily on a parameter's first step, so the state of a fresh optimiser is empty.
 * The arithmetic runs in the `AdamUpdate` chosen for the active backend (`adamUpdateFor`): tfjs ops, or what a
 * backend plug-in installed (on webgpu `@spectromix/webgpu-kernels`' fused update, moments kept packed); the saved
 * state (`exp_avg/<name>`, `exp_avg_sq/<name>` shaped like the parameter) is the same for every update.
 */
export class Adam implements Optimizer {
  lr: number;
  /** Moment coefficients. */
  readonly betas: readonly [number, number];
  /** Denominator epsilon. */
  readonly eps: number;
  /** Weight decay coefficient. */
  readonly weightDecay: number;
  /** Whether weight decay is decoupled from the gradient (AdamW). */
  protected readonly decoupled: boolean = false;
  private readonly slots = new Map<string, Slots>();
  private steps = 0;

  /**
   * @param params the parameters to optimise, by name (e.g. a mixer `Module`'s `parameters()`).
   * @param options hyper-parameters; defaults are torch's.
   */
  constructor(
    readonly params: ReadonlyMap<string, tf.Variable>,
    options: AdamOptions = {},
  ) {
    this.lr = options.lr ?? 1e-3;
    this.betas = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? this.defaultWeightDecay();
    validateAdam(this.lr, this.betas, this.eps, this.weightDecay);
  }

  /** The weight decay used when none is given: 0 for Adam (torch's default). */
  protected defaultWeightDecay(): number {
    return 0;
  }

  /** `'adam'` or `'adamw'`, as stored in checkpoints. */
  get kind(): string {
    return 'adam';
  }

  get stepCount(): number {
    return this.steps;
  }

  /**
   * One update of every parameter that has a gradient, computed by the `AdamUpdate` chosen for the active
   * backend ({@link adamUpdateFor}: tfjs ops, or the update a backend plug-in installed; same results).
   */
  step(grads: ReadonlyMap<string, tf.Tensor>, options: OptimizerStepOptions = {}): void {
    if (!(this.lr >= 0) || !Number.isFinite(this.lr)) throw new TrainConfigError('lr', `must be a finite number >= 0, got ${this.lr}`);
    if (options.gradScale != null && options.gradScale.size !== 1) throw new TrainConfigError('gradScale', `must hold one value, got shape [${options.gradScale.shape.join(', ')}]`);
    const items: AdamStepItem[] = [];
    for (const [name, param] of this.params) {
      const grad = grads.get(name);
      if (grad == null || !param.trainable) continue;
      let slots = this.slots.get(name);
      if (slots == null) {
        slots = { moments: new AdamMoments(param.shape), step: 0 };
        this.slots.set(name, slots);
      }
      slots.step += 1;
      items.push({ param, grad, moments: slots.moments, step: slots.step });
    }
    adamUpdateFor().apply(items, {
      lr: this.lr,
      betas: this.betas,
      eps: this.eps,
      weightDecay: this.weightDecay,
      decoupled: this.decoupled,
      ...(options.gradScale == null ? {} : { gradScale: options.gradScale }),
    });
    this.steps += 1;
  }

  getState(): OptimizerState {
    const tensors = new Map<string, tf.Tensor>();
    const paramSteps: Record<string, number> = {};
    for (const [name, s] of this.slots) {
      const [expAvg, expAvgSq] = s.moments.copies();
      tensors.set(`exp_avg/${name}`, expAvg);
      tensors.set(`exp_avg_sq/${name}`, expAvgSq);
      paramSteps[name] = s.step;
    }
    return {
      meta: { kind: this.kind, step: this.steps, paramSteps, hyper: { lr: this.lr, betas: [...this.betas], eps: this.eps, weightDecay: this.weightDecay } },
      tensors,
    };
  }

  setState(state: OptimizerState): void {
    const source = 'optimizer state';
    if (state.meta.kind !== this.kind) {
      throw new CheckpointMismatchError(source, `was written by '${state.meta.kind}', this optimiser is '${this.kind}'. Use the same optimiser to resume, or start a new run.`);
    }
    const checked: [string, number, tf.Tensor, tf.Tensor, readonly number[]][] = [];
    for (const [name, step] of Object.entries(state.meta.paramSteps)) {
      const param = this.params.get(name);
      const m = state.tensors.get(`exp_avg/${name}`);
      const v = state.tensors.get(`exp_avg_sq/${name}`);
      if (param == null) throw new CheckpointMismatchError(source, `has moments for parameter '${name}', which this model does not have.`);
      if (m == null || v == null) throw new CheckpointMismatchError(source, `lists parameter '${name}' but its exp_avg/exp_avg_sq tensors are missing.`);
      for (const [slot, t] of [['exp_avg', m], ['exp_avg_sq', v]] as const) {
        if (!tf.util.arraysEqual(t.shape, param.shape)) {
          throw new CheckpointMismatchError(source, `${slot} of '${name}' has shape [${t.shape.join(', ')}], the parameter has [${param.shape.join(', ')}].`);
        }
      }
      checked.push([name, step, m, v, param.shape]);
    }
    // Copies only once everything checked out, so a refused state leaves nothing behind.
    this.disposeSlots();
    for (const [name, step, m, v, shape] of checked) this.slots.set(name, { moments: AdamMoments.fromSeparate(shape, tf.clone(m), tf.clone(v)), step });
    this.steps = state.meta.step;
  }

  dispose(): void {
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const s of this.slots.values()) s.moments.dispose();
    this.slots.clear();
  }
}

/**
 * AdamW exactly as `torch.optim.AdamW`: identical to {@link Adam} except that weight decay is decoupled,
 * `param *= 1 - lr * weightDecay` before the Adam update, and defaults to 0.01 as in torch.
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  protected override defaultWeightDecay(): number {
    return 1e-2;
  }

  override get kind(): string {
    return 'adamw';
  }
}

function validateAdam(lr: number, betas: readonly [number, number], eps: number, weightDecay: number): void {
  if (!(lr >= 0) || !Number.isFinite(lr)) throw new TrainConfigError('lr', `must be a finite number >= 0, got ${lr}`);
  betas.forEach((b, i) => {
    if (!(b >= 0 && b < 1)) throw new TrainConfigError(`betas[${i}]`, `must be in [0, 1), got ${b}`);
  });
  if (!(eps >= 0)) throw new TrainConfigError('eps', `must be >= 0, got ${eps}`);
  if (!(weightDecay >= 0)) throw new TrainConfigError('weightDecay', `must be >= 0, got ${weightDecay}`);
}
