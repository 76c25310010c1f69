import { join } from 'node:path';
import * as tf from '@spectromix/tensor';
import { evaluate, type ClassificationMetrics, type EpochRecord, type EvalSource, type FitResult, type LossFunction, type TrainableModel, type TrainingCheckpoint } from '@spectromix/train';
import type { RunConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { averagedEpochs, WeightPool } from './weight-average.js';

/** Validation or test numbers, as `result.json` keeps them. */
interface Scores {
  readonly accuracy: number;
  readonly macroAuc: number;
  readonly mAP: number;
  readonly loss: number | null;
}

/** What `train.average` did, as `result.json` records it under `averaging`. */
export interface AveragingRecord {
  /** `best` (the k best validation epochs) or `last` (the last k). */
  readonly kind: 'best' | 'last';
  readonly k: number;
  /** The epochs (zero-based) whose weights were averaged. */
  readonly epochs: number[];
  /** Validation of the averaged weights, and of the best single epoch it was set against. */
  readonly validation: Scores;
  readonly bestEpochValidation: Scores | null;
  /** What the run kept (and tested, and exported): the average when it validated at least as well, else the best epoch. */
  readonly kept: 'average' | 'best-epoch';
}

/** The end-of-run step of checkpoint averaging (see {@link createAveraging}). */
export interface Averaging {
  /** Called after every epoch, with the model holding that epoch's weights: keeps them while they may be averaged. */
  onEpoch(record: EpochRecord, model: TrainableModel): void;
  /**
   * After `fit` (the model holds the best epoch's weights): averages the chosen epochs, evaluates the average on
   * validation, keeps it when it is at least as good there as the best epoch, and only then evaluates it on test.
   * @returns the fit result with the kept model's validation and test, and the record.
   */
  finish(model: TrainableModel, fit: FitResult, sources: { validation?: EvalSource; test?: EvalSource }, loss: LossFunction): Promise<{ fit: FitResult; record: AveragingRecord }>;
}

const scores = (m: ClassificationMetrics | undefined): Scores | null => (m == null ? null : { accuracy: m.accuracy, macroAuc: m.macroAuc, mAP: m.mAP, loss: m.loss ?? null });

/**
 * Checkpoint averaging of a run (`train.average`), or null when it is off. Weights wait in `<run>/average/`.
 * @param runDir the run folder.
 * @param resume the checkpoint a resumed run starts from (its history says which epochs may still be averaged).
 * @throws ConfigError when the run has no validation set (the choice between the average and the best epoch is
 * made on validation only).
 */
export function createAveraging(config: RunConfig, runDir: string, hasValidation: boolean, resume?: TrainingCheckpoint): Averaging | null {
  const spec = config.train.average;
  if (spec == null) return null;
  if (!hasValidation) throw new ConfigError('train.average needs a validation set: the average is kept only when it validates at least as well as the best epoch (test never decides). Choose a split with validation.');
  const metric = config.train.selectMetric;
  const pool = new WeightPool(join(runDir, 'average'), spec, metric);
  const history: EpochRecord[] = [...(resume?.meta.history ?? [])];
  let pending: Promise<void> = Promise.resolve();
  return {
    onEpoch(record, model) {
      history.push(record);
      const snapshot = [...history];
      // The weights are read now (a state dict is a copy); the file is written in order, awaited in finish().
      const state = model.stateDict();
      pending = pending.then(() => pool.add(record.epoch, state, snapshot)).finally(() => tf.dispose([...state.values()]));
    },
    async finish(model, fit, sources, loss) {
      await pending;
      const wanted = averagedEpochs(fit.history, spec, metric);
      const present = new Set(pool.epochs());
      const epochs = wanted.filter((e) => present.has(e));
      const reference = fit.validation;
      if (epochs.length < 2) {
        // Nothing to average (a run shorter than k = 2 epochs): the best epoch stays, as without averaging.
        pool.remove();
        const own = scores(reference);
        return { fit, record: { kind: spec.kind, k: spec.k, epochs, validation: own ?? { accuracy: Number.NaN, macroAuc: Number.NaN, mAP: Number.NaN, loss: null }, bestEpochValidation: own, kept: 'best-epoch' } };
      }
      const best = model.stateDict();
      try {
        const averaged = pool.average(epochs);
        try {
          model.loadStateDict(averaged);
        } finally {
          tf.dispose([...averaged.values()]);
        }
        const validation = await evaluate(model, sources.validation as EvalSource, loss);
        const value = (m: ClassificationMetrics): number => (metric === 'loss' ? -(m.loss ?? Number.POSITIVE_INFINITY) : m[metric]);
        const keep = reference == null || value(validation) >= value(reference);
        let out: FitResult = fit;
        if (keep) {
          const test = sources.test != null ? await evaluate(model, sources.test, loss) : undefined;
          out = { ...fit, validation, ...(test != null ? { test } : {}) };
        } else {
          model.loadStateDict(best);
        }
        pool.remove();
        return { fit: out, record: { kind: spec.kind, k: spec.k, epochs, validation: scores(validation) as Scores, bestEpochValidation: scores(reference), kept: keep ? 'average' : 'best-epoch' } };
      } finally {
        tf.dispose([...best.values()]);
      }
    },
  };
}
