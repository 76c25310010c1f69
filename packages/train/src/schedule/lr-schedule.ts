import { TrainConfigError } from '../errors.js';

/** Where training is when a learning rate is asked for. */
export interface SchedulePosition {
  /** Zero-based epoch. */
  readonly epoch: number;
  /** Optimiser steps completed before this one (zero-based global step). */
  readonly step: number;
  /** Batches (steps) per epoch. */
  readonly stepsPerEpoch: number;
  /** Epochs in the whole run. */
  readonly totalEpochs: number;
}

/** Whether a schedule advances once per epoch or once per optimiser step. */
export type ScheduleInterval = 'epoch' | 'step';

/** A learning-rate schedule as plain data, so it can live in a recipe and a checkpoint. */
export type LrScheduleSpec =
  | {
      /** The same learning rate throughout. */
      readonly kind: 'constant';
      /** The learning rate. */
      readonly lr: number;
    }
  | {
      /**
       * AST's schedule (torch `MultiStepLR(milestones=range(start, 1000, step), gamma)` stepped after every
       * epoch): `lr` until `start` intervals have passed, then multiplied by `gamma` every `step` intervals.
       * The paper's recipe is start 5, step 1, gamma 0.85: lr for epochs 1-5, then x0.85 per epoch.
       */
      readonly kind: 'ast';
      /** Base learning rate. */
      readonly lr: number;
      /** Intervals at the base rate before the first decay (AST: 5). */
      readonly start: number;
      /** Intervals between decays (AST: 1). */
      readonly step: number;
      /** Factor of each decay (AST: 0.85). */
      readonly gamma: number;
      /** Count intervals in epochs (AST) or optimiser steps. */
      readonly interval: ScheduleInterval;
    }
  | {
      /**
       * Linear warmup then cosine decay, as transformers' `get_cosine_schedule_with_warmup` with a floor:
       * `lr * t / warmup` for `t < warmup`, then `minLr + (lr - minLr) * (1 + cos(pi * progress)) / 2` with
       * `progress = (t - warmup) / (total - warmup)`.
       */
      readonly kind: 'warmup-cosine';
      /** Peak learning rate, reached at the end of warmup. */
      readonly lr: number;
      /** Warmup length in intervals (0 for none). */
      readonly warmup: number;
      /** The floor the cosine decays to. */
      readonly minLr: number;
      /** Count `t`, `warmup` and the total in epochs or optimiser steps. */
      readonly interval: ScheduleInterval;
    };

/** A learning-rate schedule: the rate for a position in training. */
export type LrSchedule = (position: SchedulePosition) => number;

/**
 * Builds a schedule from its spec. With `interval: 'epoch'` the rate changes only between epochs; with
 * `'step'` it changes every optimiser step (positions are counted in global steps).
 * @throws TrainConfigError when a value is out of range.
 */
export function createLrSchedule(spec: LrScheduleSpec): LrSchedule {
  checkPositive('lr', spec.lr, true);
  switch (spec.kind) {
    case 'constant':
      return () => spec.lr;
    case 'ast': {
      checkInteger('start', spec.start, 0);
      checkInteger('step', spec.step, 1);
      if (!(spec.gamma > 0 && spec.gamma <= 1)) throw new TrainConfigError('gamma', `must be in (0, 1], got ${spec.gamma}`);
      return (pos) => {
        const t = spec.interval === 'epoch' ? pos.epoch : pos.step;
        const decays = t < spec.start ? 0 : Math.floor((t - spec.start) / spec.step) + 1;
        return spec.lr * spec.gamma ** decays;
      };
    }
    case 'warmup-cosine': {
      checkInteger('warmup', spec.warmup, 0);
      checkPositive('minLr', spec.minLr, true);
      if (spec.minLr > spec.lr) throw new TrainConfigError('minLr', `must be <= lr (${spec.lr}), got ${spec.minLr}`);
      return (pos) => {
        const t = spec.interval === 'epoch' ? pos.epoch : pos.step;
        const total = spec.interval === 'epoch' ? pos.totalEpochs : pos.totalEpochs * pos.stepsPerEpoch;
        if (t < spec.warmup) return (spec.lr * t) / Math.max(1, spec.warmup);
        const progress = Math.min(1, (t - spec.warmup) / Math.max(1, total - spec.warmup));
        return spec.minLr + ((spec.lr - spec.minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
      };
    }
  }
}

function checkPositive(name: string, value: number, allowZero: boolean): void {
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new TrainConfigError(name, `must be a finite number ${allowZero ? '>=' : '>'} 0, got ${value}`);
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new TrainConfigError(name, `must be an integer >= ${min}, got ${value}`);
}
