import * as tf from '@spectromix/tensor';
import { TrainConfigError } from '../errors.js';
import type { JsonValue, Stateful } from '../loop/types.js';

/** Options of {@link DynamicLossScaler}; the defaults are `torch.amp.GradScaler`'s. */
export interface LossScalerOptions {
  /** First scale (default 2^16: f16 gradients of typical losses sit well below 1, so they gain 16 bits of range). */
  readonly initScale?: number;
  /** Factor the scale grows by after `growthInterval` overflow-free steps in a row (default 2). */
  readonly growthFactor?: number;
  /** Factor the scale shrinks by at an overflow (default 0.5). */
  readonly backoffFactor?: number;
  /** Overflow-free steps before the scale grows (default 2000). */
  readonly growthInterval?: number;
}

/** The scaler's savable state. */
export interface LossScalerState {
  readonly scale: number;
  /** Overflow-free steps since the last change of scale. */
  readonly goodSteps: number;
}

/**
 * Dynamic loss scaling for mixed-precision training, as `torch.amp.GradScaler`: the loss is multiplied by
 * `scale` before the backward pass so small f16 gradients do not underflow; the gradients are divided by it again
 * inside the optimiser's update. A step whose scaled loss or gradients hold an infinity or NaN (an f16 overflow) is skipped and
 * the scale multiplied by `backoffFactor`; after `growthInterval` good steps in a row it is multiplied by
 * `growthFactor`. Stateful: pass it to `fit` as `lossScaler` and its state goes into every checkpoint, so a resumed
 * run scales exactly as the uninterrupted one.
 */
export class DynamicLossScaler implements Stateful {
  private current: number;
  private good = 0;
  private readonly growth: number;
  private readonly backoff: number;
  private readonly interval: number;

  /** @param options see {@link LossScalerOptions}. */
  constructor(options: LossScalerOptions = {}) {
    this.current = options.initScale ?? 2 ** 16;
    this.growth = options.growthFactor ?? 2;
    this.backoff = options.backoffFactor ?? 0.5;
    this.interval = options.growthInterval ?? 2000;
    if (!(this.current > 0) || !Number.isFinite(this.current)) throw new TrainConfigError('initScale', `must be a finite number > 0, got ${this.current}`);
    if (!(this.growth > 1)) throw new TrainConfigError('growthFactor', `must be > 1, got ${this.growth}`);
    if (!(this.backoff > 0 && this.backoff < 1)) throw new TrainConfigError('backoffFactor', `must be in (0, 1), got ${this.backoff}`);
    if (!Number.isInteger(this.interval) || this.interval < 1) throw new TrainConfigError('growthInterval', `must be an integer >= 1, got ${this.interval}`);
  }

  /** The factor the next step's loss is multiplied by. */
  get scale(): number {
    return this.current;
  }

  /**
   * A scalar tensor, 1 when any gradient (or the scaled loss, when given) holds an infinity or NaN, else 0: one
   * reduction per gradient and one over them. Read it to decide whether to skip the step. (The scaled loss counts
   * because in f16 its overflow is where the backward pass's would start; in f32 the gradients alone may stay finite.)
   */
  overflow(grads: ReadonlyMap<string, tf.Tensor>, scaledLoss?: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      // sum(g * 0) is 0 for finite gradients and NaN as soon as one entry is infinite or NaN.
      const probes = [...grads.values(), ...(scaledLoss == null ? [] : [scaledLoss])].map((g) => tf.sum(tf.mul(g, 0)));
      if (probes.length === 0) return tf.scalar(0);
      return tf.cast(tf.logicalNot(tf.isFinite(tf.sum(tf.stack(probes)))), 'float32') as tf.Scalar;
    });
  }

  /** Records a step's outcome: an overflow shrinks the scale, `growthInterval` good steps in a row grow it. */
  update(overflowed: boolean): void {
    if (overflowed) {
      this.current *= this.backoff;
      this.good = 0;
      return;
    }
    this.good += 1;
    if (this.good >= this.interval) {
      this.current *= this.growth;
      this.good = 0;
    }
  }

  /** @returns `{ scale, goodSteps }`. */
  getState(): JsonValue {
    return { scale: this.current, goodSteps: this.good } satisfies LossScalerState;
  }

  /** Restores `{ scale, goodSteps }` from {@link DynamicLossScaler.getState}. */
  setState(state: JsonValue): void {
    const s = state as Partial<LossScalerState> | null;
    if (s == null || typeof s.scale !== 'number' || !(s.scale > 0) || typeof s.goodSteps !== 'number') {
      throw new TrainConfigError('lossScaler state', `expected { scale > 0, goodSteps }, got ${JSON.stringify(state)}`);
    }
    this.current = s.scale;
    this.good = s.goodSteps;
  }
}
