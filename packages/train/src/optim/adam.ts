import * as tf from '@spectromix/tensor';
import { CheckpointMismatchError, TrainConfigError } from '../errors.js';
import type { Optimizer, OptimizerState } from './optimizer.js';

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
  readonly expAvg: tf.Variable;
  readonly expAvgSq: tf.Variable;
  step: number;
}

/**
 * Adam exactly as `torch.optim.Adam` (single-tensor path, amsgrad off, not maximising): with `weightDecay`
 * the L2 term `weightDecay * param` is added to the gradient, moments are updated as
 * `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g^2`, and the parameter moves by
 * `-lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)`. Bias corrections are computed in float64 as in
 * Python. Moments are created lazily on a parameter's first step, so the state of a fresh optimiser is empty.
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

  step(grads: ReadonlyMap<string, tf.Tensor>): void {
    if (!(this.lr >= 0) || !Number.isFinite(this.lr)) throw new TrainConfigError('lr', `must be a finite number >= 0, got ${this.lr}`);
    const [beta1, beta2] = this.betas;
    // One scalar tensor per distinct value per step, shared by every parameter: passing JS numbers to ops makes
    // tfjs upload a fresh scalar per op (on WebGPU a new GPU buffer, about 1.2 ms each, ~9 per parameter).
    const scalars = new Map<number, tf.Scalar>();
    const sc = (value: number): tf.Scalar => {
      let t = scalars.get(value);
      if (t == null) {
        t = tf.keep(tf.scalar(value, 'float32'));
        scalars.set(value, t);
      }
      return t;
    };
    try {
      this.updateAll(grads, beta1, beta2, sc);
    } finally {
      for (const t of scalars.values()) t.dispose();
    }
    this.steps += 1;
  }

  private updateAll(grads: ReadonlyMap<string, tf.Tensor>, beta1: number, beta2: number, sc: (value: number) => tf.Scalar): void {
    for (const [name, param] of this.params) {
      const grad = grads.get(name);
      if (grad == null || !param.trainable) continue;
      let slots = this.slots.get(name);
      if (slots == null) {
        slots = { expAvg: tf.variable(tf.zerosLike(param), false), expAvgSq: tf.variable(tf.zerosLike(param), false), step: 0 };
        this.slots.set(name, slots);
      }
      slots.step += 1;
      const t = slots.step;
      const biasCorrection1 = 1 - beta1 ** t;
      const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** t);
      const stepSize = this.lr / biasCorrection1;
      const s = slots;
      tf.tidy(() => {
        let g: tf.Tensor = grad;
        let p: tf.Tensor = param;
        if (this.weightDecay !== 0) {
          if (this.decoupled) p = tf.mul(p, sc(1 - this.lr * this.weightDecay));
          else g = tf.add(g, tf.mul(p, sc(this.weightDecay)));
        }
        const m = tf.add(tf.mul(s.expAvg, sc(beta1)), tf.mul(g, sc(1 - beta1)));
        const v = tf.add(tf.mul(s.expAvgSq, sc(beta2)), tf.mul(tf.mul(g, g), sc(1 - beta2)));
        const denom = tf.add(tf.div(tf.sqrt(v), sc(biasCorrection2Sqrt)), sc(this.eps));
        const next = tf.add(p, tf.mul(tf.div(m, denom), sc(-stepSize)));
        s.expAvg.assign(m);
        s.expAvgSq.assign(v);
        param.assign(next);
      });
    }
  }

  getState(): OptimizerState {
    const tensors = new Map<string, tf.Tensor>();
    const paramSteps: Record<string, number> = {};
    for (const [name, s] of this.slots) {
      tensors.set(`exp_avg/${name}`, tf.clone(s.expAvg));
      tensors.set(`exp_avg_sq/${name}`, tf.clone(s.expAvgSq));
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
    const restored = new Map<string, Slots>();
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
      restored.set(name, { expAvg: tf.variable(m, false), expAvgSq: tf.variable(v, false), step });
    }
    this.disposeSlots();
    for (const [name, s] of restored) this.slots.set(name, s);
    this.steps = state.meta.step;
  }

  dispose(): void {
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const s of this.slots.values()) {
      s.expAvg.dispose();
      s.expAvgSq.dispose();
    }
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
