import * as tf from '@spectromix/tensor';
import { CheckpointMismatchError, NonFiniteLossError, TrainConfigError, TrainingInterruptedError } from '../errors.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LossFunction } from '../loss/losses.js';
import type { LrSchedule } from '../schedule/lr-schedule.js';
import type { ClassificationMetrics } from '../metrics/report.js';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/codec.js';
import {
  disposeCheckpoint,
  type BestEpoch,
  type CheckpointReason,
  type CheckpointStore,
  type EpochAccumulator,
  type EpochRecord,
  type EvalSummary,
  type TrainingCheckpoint,
  type TrainingPosition,
} from '../checkpoint/types.js';
import { evaluate } from './evaluate.js';
import { trainStep, trainStepScaled } from './train-step.js';
import type { DynamicLossScaler } from '../optim/loss-scaler.js';
import type { BatchSource, EvalSource, JsonValue, Stateful, TrainableModel } from './types.js';

/** The metric that picks the best epoch. */
export type SelectionMetric = 'accuracy' | 'mAP' | 'macroAuc' | 'loss';

/** Progress after each optimiser step. */
export interface StepEvent {
  /** Zero-based epoch. */
  readonly epoch: number;
  /** Zero-based batch just finished. */
  readonly batch: number;
  /** Batches per epoch. */
  readonly batchesPerEpoch: number;
  /** Optimiser steps completed. */
  readonly globalStep: number;
  /** This batch's loss. */
  readonly loss: number;
  /** Mean loss of the epoch so far. */
  readonly epochLoss: number;
  /** Learning rate used for this step. */
  readonly lr: number;
  /** Samples in this batch. */
  readonly size: number;
  /** Samples per second over this epoch so far (data loading included). */
  readonly samplesPerSecond: number;
  /** Seconds since this epoch started (or resumed). */
  readonly epochSeconds: number;
  /** With a loss scaler: the gradients overflowed and the update was skipped (the scale was lowered). */
  readonly skipped?: boolean;
  /** With a loss scaler: the scale the next step uses. */
  readonly lossScale?: number;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** The model to train. */
  readonly model: TrainableModel;
  /** Its optimiser (built over `model.trainableParameters()`). */
  readonly optimizer: Optimizer;
  /** Training loss. */
  readonly loss: LossFunction;
  /** Learning rate per position. */
  readonly schedule: LrSchedule;
  /** Training batches; their order must be a pure function of the epoch index. */
  readonly train: BatchSource;
  /** Number of epochs in the run. */
  readonly epochs: number;
  /** Validation batches: evaluated after each epoch and used to pick the best epoch. */
  readonly validation?: EvalSource;
  /** Test batches: evaluated once at the end, with the best epoch's weights. */
  readonly test?: EvalSource;
  /**
   * Also evaluate `test` after every epoch and record it in the epoch's record (default false). The record is for
   * reporting the test score at an epoch chosen on validation (k-fold); selection never looks at it.
   */
  readonly testEachEpoch?: boolean;
  /** Metric for the best epoch (default `'accuracy'`; AST uses accuracy or mAP). */
  readonly selectMetric?: SelectionMetric;
  /** Clip gradients to this global L2 norm (off by default). */
  readonly clipGradNorm?: number;
  /**
   * Dynamic loss scaling for mixed precision (off by default): each step runs `trainStepScaled`, which skips the
   * update when the scaled gradients overflow. Its state (scale, good steps) is saved in checkpoints as
   * `lossScaler` and restored on resume.
   */
  readonly lossScaler?: DynamicLossScaler;
  /** Where checkpoints go; none are written without one. */
  readonly store?: CheckpointStore;
  /** Also write a checkpoint every this many optimiser steps (0 or undefined: only at epoch ends). */
  readonly checkpointEverySteps?: number;
  /** RNGs or pipelines whose state is saved in checkpoints and restored on resume, by name. */
  readonly states?: Readonly<Record<string, Stateful>>;
  /** The full run configuration, stored in every checkpoint. */
  readonly config?: JsonValue;
  /** Continue from this checkpoint (see `decodeCheckpoint`); it is restored then disposed. */
  readonly resume?: TrainingCheckpoint;
  /** Called after every optimiser step. */
  readonly onStep?: (event: StepEvent) => void;
  /** Called after every epoch with its record and its full validation metrics. */
  readonly onEpoch?: (record: EpochRecord, validation: ClassificationMetrics | undefined) => void;
  /** Called after every checkpoint write. */
  readonly onCheckpoint?: (id: string, reason: CheckpointReason | 'best') => void;
  /** Stop after the current step (a checkpoint of the exact position is written first). */
  readonly signal?: AbortSignal;
}

/** What {@link fit} returns. */
export interface FitResult {
  /** Every finished epoch (including those before a resume). */
  readonly history: EpochRecord[];
  /** The best epoch, when there was a validation set. */
  readonly best: BestEpoch | null;
  /** Validation metrics of the final weights (the best epoch's when there was a validation set). */
  readonly validation?: ClassificationMetrics;
  /** Test metrics of the final weights. */
  readonly test?: ClassificationMetrics;
  /** Optimiser steps completed. */
  readonly globalStep: number;
  /** The last checkpoint written. */
  readonly lastCheckpoint?: string;
  /** Training samples per second over this call (data loading included, evaluation excluded). */
  readonly samplesPerSecond: number;
}

/**
 * Trains `model` for `epochs` epochs: per step, learning rate from the schedule, forward, loss, gradients,
 * optional clipping, optimiser update, then one asynchronous read of `[loss, correct]`; per epoch, validation,
 * best-epoch tracking and a checkpoint. At the end the best epoch's weights are loaded and the test set is
 * evaluated. A NaN or infinite loss throws {@link NonFiniteLossError} before any checkpoint of the diverged
 * state is written. Resuming from a checkpoint continues bit-exactly when the batch order is a pure function
 * of the epoch index and the backend is deterministic (cpu, wasm).
 */
export async function fit(options: FitOptions): Promise<FitResult> {
  const { model, optimizer, train, epochs } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new TrainConfigError('epochs', `must be an integer >= 1, got ${epochs}`);
  const every = options.checkpointEverySteps ?? 0;
  if (!Number.isInteger(every) || every < 0) throw new TrainConfigError('checkpointEverySteps', `must be an integer >= 0, got ${every}`);
  const selectMetric = options.selectMetric ?? 'accuracy';
  const params = model.trainableParameters();
  const modelShapes = currentShapes(model);
  const bpe = train.batchesPerEpoch;
  const states: Record<string, Stateful> = { ...moduleRngStates(model), ...options.states, ...(options.lossScaler == null ? {} : { lossScaler: options.lossScaler }) };

  let position: TrainingPosition = { epoch: 0, batch: 0, globalStep: 0 };
  let running: EpochAccumulator = { lossSum: 0, correct: 0, samples: 0 };
  const history: EpochRecord[] = [];
  let best: BestEpoch | null = null;
  if (options.resume != null) {
    const r = options.resume;
    restoreInto(model, optimizer, states, r);
    position = r.meta.position;
    running = r.meta.running;
    history.push(...r.meta.history);
    best = r.meta.best;
    disposeCheckpoint(r);
  }

  let lastCheckpoint: string | undefined;
  let bestSnapshot: Map<string, tf.Tensor> | undefined;
  let lr = optimizer.lr;
  let trainedSamples = 0;
  let trainedSeconds = 0;

  const write = async (reason: CheckpointReason | 'best'): Promise<void> => {
    if (options.store == null) return;
    const bytes = await encodeCheckpoint({
      model,
      optimizer,
      meta: { position, running, history, best, config: options.config ?? null, modelShapes, states: collectStates(states) },
    });
    const id = reason === 'best' ? await options.store.saveBest(bytes) : await options.store.save(bytes, { position, reason });
    if (reason !== 'best') lastCheckpoint = id;
    options.onCheckpoint?.(id, reason);
  };

  try {
    for (let epoch = position.epoch; epoch < epochs; epoch++) {
      model.train(true);
      const startBatch = epoch === position.epoch ? position.batch : 0;
      if (epoch !== position.epoch) running = { lossSum: 0, correct: 0, samples: 0 };
      const t0 = performance.now();
      let epochSamples = 0;
      let batch = startBatch;
      if (startBatch < bpe) {
        for await (const b of train.epoch(epoch, startBatch)) {
          lr = options.schedule({ epoch, step: position.globalStep, stepsPerEpoch: bpe, totalEpochs: epochs });
          optimizer.lr = lr;
          let stats: tf.Tensor1D;
          let skipped: boolean | undefined;
          try {
            const stepOptions = { clipGradNorm: options.clipGradNorm };
            if (options.lossScaler == null) {
              stats = trainStep(model, params, optimizer, options.loss, b.x, b.y, stepOptions);
            } else {
              ({ stats, skipped } = await trainStepScaled(model, params, optimizer, options.loss, b.x, b.y, options.lossScaler, stepOptions));
            }
          } finally {
            b.x.dispose();
            b.y.dispose();
          }
          const [loss = Number.NaN, correct = 0] = await stats.data();
          stats.dispose();
          if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss, epoch, batch, position.globalStep, lastCheckpoint);
          batch += 1;
          running = { lossSum: running.lossSum + loss * b.size, correct: running.correct + correct, samples: running.samples + b.size };
          position = { epoch, batch, globalStep: position.globalStep + 1 };
          epochSamples += b.size;
          const seconds = (performance.now() - t0) / 1000;
          options.onStep?.({
            epoch,
            batch: batch - 1,
            batchesPerEpoch: bpe,
            globalStep: position.globalStep,
            loss,
            epochLoss: running.lossSum / running.samples,
            lr,
            size: b.size,
            samplesPerSecond: epochSamples / Math.max(seconds, 1e-9),
            epochSeconds: seconds,
            ...(options.lossScaler == null ? {} : { skipped, lossScale: options.lossScaler.scale }),
          });
          if (options.signal?.aborted === true) {
            await write('step');
            throw new TrainingInterruptedError(lastCheckpoint);
          }
          if (every > 0 && position.globalStep % every === 0 && batch < bpe) await write('step');
        }
      }
      trainedSamples += epochSamples;
      trainedSeconds += (performance.now() - t0) / 1000;

      let validation: ClassificationMetrics | undefined;
      if (options.validation != null) validation = await evaluate(model, options.validation, options.loss);
      const epochTest = options.testEachEpoch === true && options.test != null ? await evaluate(model, options.test, options.loss) : undefined;
      const record: EpochRecord = {
        epoch,
        lr,
        trainLoss: running.lossSum / Math.max(1, running.samples),
        trainAccuracy: running.correct / Math.max(1, running.samples),
        globalStep: position.globalStep,
        ...(validation != null ? { validation: summary(validation) } : {}),
        ...(epochTest != null ? { test: summary(epochTest) } : {}),
      };
      history.push(record);
      position = { epoch: epoch + 1, batch: 0, globalStep: position.globalStep };
      running = { lossSum: 0, correct: 0, samples: 0 };
      const value = validation != null ? metricValue(summary(validation), selectMetric) : Number.NaN;
      const improved = validation != null && Number.isFinite(value) && (best == null || (selectMetric === 'loss' ? value < best.value : value > best.value));
      if (improved) {
        best = { epoch, metric: selectMetric, value };
        if (options.store != null) await write('best');
        else {
          disposeMap(bestSnapshot);
          bestSnapshot = model.stateDict();
        }
      }
      options.onEpoch?.(record, validation);
      await write(epoch + 1 === epochs ? 'final' : 'epoch');
    }

    // Best-epoch selection: reload the best weights (when validation picked one) before the final evaluations.
    if (best != null && best.epoch !== history[history.length - 1]?.epoch) {
      if (options.store != null) {
        const bytes = await options.store.loadBest();
        if (bytes != null) {
          const ckpt = decodeCheckpoint(bytes, 'best checkpoint');
          try {
            model.loadStateDict(ckpt.model);
          } finally {
            disposeCheckpoint(ckpt);
          }
        }
      } else if (bestSnapshot != null) {
        model.loadStateDict(bestSnapshot);
      }
    }
    const validation = options.validation != null ? await evaluate(model, options.validation, options.loss) : undefined;
    const test = options.test != null ? await evaluate(model, options.test, options.loss) : undefined;
    return {
      history,
      best,
      ...(validation != null ? { validation } : {}),
      ...(test != null ? { test } : {}),
      globalStep: position.globalStep,
      ...(lastCheckpoint != null ? { lastCheckpoint } : {}),
      samplesPerSecond: trainedSamples / Math.max(trainedSeconds, 1e-9),
    };
  } finally {
    disposeMap(bestSnapshot);
  }
}

/**
 * Restores model weights, optimiser state and named states from a checkpoint, checking first that it belongs
 * to this model. Nothing is assigned when the check fails.
 * @throws CheckpointMismatchError for another model's or another optimiser's checkpoint.
 */
export function restoreInto(model: TrainableModel, optimizer: Optimizer, states: Readonly<Record<string, Stateful>> | undefined, checkpoint: TrainingCheckpoint): void {
  const own = currentShapes(model);
  const theirs = checkpoint.meta.modelShapes;
  const problems: string[] = [];
  for (const [name, shape] of Object.entries(own)) {
    const t = theirs[name];
    if (t == null) problems.push(`missing '${name}'`);
    else if (!tf.util.arraysEqual([...t], [...shape])) problems.push(`'${name}' is [${t.join(', ')}], the model has [${shape.join(', ')}]`);
  }
  for (const name of Object.keys(theirs)) if (!(name in own)) problems.push(`unexpected '${name}'`);
  if (problems.length > 0) {
    throw new CheckpointMismatchError(
      'checkpoint',
      `was written for a different model (${problems.length} difference(s): ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? '; ...' : ''}). ` +
        'Resume with the same preset, number of classes and target length as the run that wrote it.',
    );
  }
  model.loadStateDict(checkpoint.model);
  optimizer.setState({ meta: checkpoint.meta.optimizer, tensors: checkpoint.optimizer });
  for (const [name, s] of Object.entries(states ?? {})) {
    const saved = checkpoint.meta.states[name];
    if (saved === undefined) throw new CheckpointMismatchError('checkpoint', `has no saved state '${name}' (it has: ${Object.keys(checkpoint.meta.states).join(', ') || 'none'}).`);
    s.setState(saved);
  }
}

/**
 * The generator states of a model's stochastic submodules (any submodule with `rngState()` and
 * `setRngState()`, such as mixer's `DropPath`), as named {@link Stateful}s (`module:<dotted name>`).
 */
export function moduleRngStates(model: TrainableModel): Record<string, Stateful> {
  const out: Record<string, Stateful> = {};
  if (typeof model.namedModules !== 'function') return out;
  for (const [name, m] of model.namedModules()) {
    const r = m as { rngState?: () => unknown; setRngState?: (s: never) => void };
    const getRng = r.rngState;
    const setRng = r.setRngState;
    if (typeof getRng === 'function' && typeof setRng === 'function') {
      out[`module:${name}`] = { getState: () => getRng.call(m) as JsonValue, setState: (s) => setRng.call(m, s as never) };
    }
  }
  return out;
}

function currentShapes(model: TrainableModel): Record<string, number[]> {
  const sd = model.stateDict();
  const shapes: Record<string, number[]> = {};
  for (const [name, t] of sd) {
    shapes[name] = [...t.shape];
    t.dispose();
  }
  return shapes;
}

function collectStates(states: Readonly<Record<string, Stateful>> | undefined): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [name, s] of Object.entries(states ?? {})) out[name] = s.getState();
  return out;
}

function summary(m: ClassificationMetrics): EvalSummary {
  return { accuracy: m.accuracy, macroAuc: m.macroAuc, mAP: m.mAP, loss: m.loss ?? Number.NaN };
}

function metricValue(s: EvalSummary, metric: SelectionMetric): number {
  return s[metric];
}

function disposeMap(map: Map<string, tf.Tensor> | undefined): void {
  if (map != null) for (const t of map.values()) t.dispose();
}
