import * as tf from '@spectromix/tensor';
import {
  NonFiniteLossError,
  TrainingInterruptedError,
  decodeCheckpoint,
  disposeCheckpoint,
  encodeCheckpoint,
  moduleRngStates,
  restoreInto,
  type BestEpoch,
  type CheckpointReason,
  type CheckpointStore,
  type EpochRecord,
  type JsonValue,
  type LrSchedule,
  type Optimizer,
  type StepEvent,
  type Stateful,
  type TrainingCheckpoint,
  type TrainingPosition,
} from '@spectromix/train';
import type { PretrainBatch, PretrainBatches } from './batches.js';
import { disposeBatch } from './batches.js';
import type { MaskedPatchModel } from './model.js';

/** Mean loss terms over clips, and the share of masked patches the discriminative head picked right. */
export interface PretrainScores {
  /** The weighted loss the optimiser minimises. */
  readonly loss: number;
  /** Generative term: mean squared error of the masked patches' values. */
  readonly mse: number;
  /** Discriminative term: InfoNCE. */
  readonly nce: number;
  /** Masked patches whose own prediction scored highest among the clip's (chance: 1 / masked patches). */
  readonly pickAccuracy: number;
}

/** One finished pretraining epoch. */
export interface PretrainEpoch {
  /** Zero-based epoch. */
  readonly epoch: number;
  /** Learning rate of its last step. */
  readonly lr: number;
  /** Optimiser steps at its end. */
  readonly globalStep: number;
  /** Training scores over the epoch's steps. */
  readonly train: PretrainScores;
  /** Scores of the held-out clips (fixed masks) with the weights at the epoch's end. */
  readonly heldOut: PretrainScores;
}

/** Sums of the epoch in progress (checkpointed, so a resumed epoch reports what an uninterrupted one would). */
interface Running {
  lossSum: number;
  mseSum: number;
  nceSum: number;
  correct: number;
  picks: number;
  samples: number;
}

/** Options of {@link pretrainLoop}. */
export interface PretrainLoopOptions {
  readonly model: MaskedPatchModel;
  readonly optimizer: Optimizer;
  readonly batches: PretrainBatches;
  readonly epochs: number;
  readonly schedule: LrSchedule;
  /** Where checkpoints go (none without). */
  readonly store?: CheckpointStore;
  /** Also checkpoint every this many steps (0: epoch ends only). */
  readonly checkpointEverySteps?: number;
  /** The run configuration, stored in every checkpoint. */
  readonly config: JsonValue;
  /** Continue from this checkpoint (restored, then disposed). */
  readonly resume?: TrainingCheckpoint;
  /** Stop after the current step, writing a checkpoint first. */
  readonly signal?: AbortSignal;
  readonly onStep?: (event: StepEvent & { readonly mse: number; readonly nce: number }) => void;
  readonly onEpoch?: (epoch: PretrainEpoch) => void;
  readonly onCheckpoint?: (id: string, reason: CheckpointReason | 'best') => void;
}

/** What {@link pretrainLoop} returns. */
export interface PretrainLoopResult {
  /** Every finished epoch, those before a resume included. */
  readonly history: PretrainEpoch[];
  /** The epoch of the lowest held-out loss, whose weights the model holds on return. */
  readonly best: BestEpoch | null;
  /** Optimiser steps completed. */
  readonly globalStep: number;
  /** Training clips per second over this call (evaluation excluded). */
  readonly samplesPerSecond: number;
}

const emptyRunning = (): Running => ({ lossSum: 0, mseSum: 0, nceSum: 0, correct: 0, picks: 0, samples: 0 });

function scores(r: Running): PretrainScores {
  const n = Math.max(1, r.samples);
  return { loss: r.lossSum / n, mse: r.mseSum / n, nce: r.nceSum / n, pickAccuracy: r.correct / Math.max(1, r.picks) };
}

/** Adds one batch's `[loss, mse, nce, correct]` (batch means, correct as a count) to the sums. */
function add(r: Running, values: ArrayLike<number>, b: PretrainBatch): Running {
  const masked = b.select.shape[1] as number;
  return {
    lossSum: r.lossSum + (values[0] as number) * b.size,
    mseSum: r.mseSum + (values[1] as number) * b.size,
    nceSum: r.nceSum + (values[2] as number) * b.size,
    correct: r.correct + (values[3] as number),
    picks: r.picks + masked * b.size,
    samples: r.samples + b.size,
  };
}

/** `[loss, mse, nce, correct]` of a batch as one tensor. */
function stackTerms(t: { loss: tf.Scalar; mse: tf.Scalar; nce: tf.Scalar; correct: tf.Scalar }): tf.Tensor1D {
  return tf.stack([t.loss, t.mse, t.nce, t.correct]) as tf.Tensor1D;
}

/**
 * Scores of the held-out clips (evaluation mode: no DropPath), one asynchronous read per batch.
 */
export async function evaluatePretrain(model: MaskedPatchModel, batches: AsyncIterable<PretrainBatch>): Promise<PretrainScores> {
  model.train(false);
  let r = emptyRunning();
  try {
    for await (const b of batches) {
      try {
        const stats = tf.tidy(() => stackTerms(model.loss(b)));
        const values = await stats.data();
        stats.dispose();
        r = add(r, values, b);
      } finally {
        disposeBatch(b);
      }
    }
  } finally {
    model.train(true);
  }
  return scores(r);
}

/**
 * The pretraining loop, with `fit`'s guarantees: per step the scheduled learning rate, the masked-patch loss, its
 * gradients and one optimiser update, then one asynchronous read; per epoch the held-out scores, the best epoch by
 * held-out loss and a checkpoint (`@spectromix/train`'s format: model, Adam moments, DropPath generators, position
 * and these sums). Masks and batch order are pure functions of (seed, epoch, batch), so a resumed run continues
 * bit-exactly on deterministic backends. A non-finite loss throws before any checkpoint of the diverged state. On
 * return the model holds the best epoch's weights.
 */
export async function pretrainLoop(o: PretrainLoopOptions): Promise<PretrainLoopResult> {
  const { model, optimizer, batches, epochs } = o;
  const params = model.trainableParameters();
  const nameOf = new Map([...params].map(([name, v]) => [v.name, name]));
  const modelShapes = Object.fromEntries([...model.stateDictShapes()]);
  const bpe = batches.batchesPerEpoch;
  let position: TrainingPosition = { epoch: 0, batch: 0, globalStep: 0 };
  let running = emptyRunning();
  let history: PretrainEpoch[] = [];
  let best: BestEpoch | null = null;
  // The loop's own sums and history travel in the checkpoint as a named state.
  const own: Stateful = {
    getState: () => ({ running: { ...running }, history: history as unknown as JsonValue }) as JsonValue,
    setState: (s) => {
      const v = s as unknown as { running: Running; history: PretrainEpoch[] };
      running = { ...v.running };
      history = [...v.history];
    },
  };
  const states: Record<string, Stateful> = { ...moduleRngStates(model), pretrain: own };
  if (o.resume != null) {
    restoreInto(model, optimizer, states, o.resume);
    position = o.resume.meta.position;
    best = o.resume.meta.best;
    disposeCheckpoint(o.resume);
  }
  const records = (): EpochRecord[] =>
    history.map((h) => ({ epoch: h.epoch, lr: h.lr, trainLoss: h.train.loss, trainAccuracy: h.train.pickAccuracy, globalStep: h.globalStep, validation: { accuracy: h.heldOut.pickAccuracy, macroAuc: Number.NaN, mAP: Number.NaN, loss: h.heldOut.loss } }));
  const write = async (reason: CheckpointReason | 'best'): Promise<string | undefined> => {
    if (o.store == null) return undefined;
    const collected: Record<string, JsonValue> = {};
    for (const [name, s] of Object.entries(states)) collected[name] = s.getState();
    const bytes = await encodeCheckpoint({
      model,
      optimizer,
      meta: { position, running: { lossSum: running.lossSum, correct: running.correct, samples: running.samples }, history: records(), best, config: o.config, modelShapes, states: collected },
    });
    const id = reason === 'best' ? await o.store.saveBest(bytes) : await o.store.save(bytes, { position, reason });
    o.onCheckpoint?.(id, reason);
    return id;
  };

  let lastCheckpoint: string | undefined;
  let lr = optimizer.lr;
  let trainedSamples = 0;
  let trainedSeconds = 0;
  for (let epoch = position.epoch; epoch < epochs; epoch++) {
    model.train(true);
    const startBatch = epoch === position.epoch ? position.batch : 0;
    if (epoch !== position.epoch) running = emptyRunning();
    const t0 = performance.now();
    let epochSamples = 0;
    let batch = startBatch;
    if (startBatch < bpe) {
      for await (const b of batches.epoch(epoch, startBatch)) {
        lr = o.schedule({ epoch, step: position.globalStep, stepsPerEpoch: bpe, totalEpochs: epochs });
        optimizer.lr = lr;
        let stats: tf.Tensor1D;
        try {
          let terms: tf.Tensor1D | undefined;
          const { value, grads } = tf.variableGrads(() => {
            const t = model.loss(b);
            terms = tf.keep(stackTerms(t));
            return t.loss;
          }, [...params.values()]);
          const byName = new Map<string, tf.Tensor>();
          for (const [varName, g] of Object.entries(grads)) {
            const name = nameOf.get(varName);
            if (name != null) byName.set(name, g);
            else g.dispose();
          }
          optimizer.step(byName);
          tf.dispose([value, ...byName.values()]);
          stats = terms as tf.Tensor1D;
        } finally {
          disposeBatch(b);
        }
        const values = await stats.data();
        stats.dispose();
        const loss = values[0] as number;
        if (!Number.isFinite(loss)) throw new NonFiniteLossError(loss, epoch, batch, position.globalStep, lastCheckpoint);
        batch += 1;
        running = add(running, values, b);
        position = { epoch, batch, globalStep: position.globalStep + 1 };
        epochSamples += b.size;
        const seconds = (performance.now() - t0) / 1000;
        o.onStep?.({
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
          mse: values[1] as number,
          nce: values[2] as number,
        });
        if (o.signal?.aborted === true) {
          lastCheckpoint = (await write('step')) ?? lastCheckpoint;
          throw new TrainingInterruptedError(lastCheckpoint);
        }
        const every = o.checkpointEverySteps ?? 0;
        if (every > 0 && position.globalStep % every === 0 && batch < bpe) lastCheckpoint = (await write('step')) ?? lastCheckpoint;
      }
    }
    trainedSamples += epochSamples;
    trainedSeconds += (performance.now() - t0) / 1000;
    const heldOut = await evaluatePretrain(model, batches.heldOut());
    const record: PretrainEpoch = { epoch, lr, globalStep: position.globalStep, train: scores(running), heldOut };
    history.push(record);
    position = { epoch: epoch + 1, batch: 0, globalStep: position.globalStep };
    running = emptyRunning();
    if (Number.isFinite(heldOut.loss) && (best == null || heldOut.loss < best.value)) {
      best = { epoch, metric: 'loss', value: heldOut.loss };
      await write('best');
    }
    o.onEpoch?.(record);
    lastCheckpoint = (await write(epoch + 1 === epochs ? 'final' : 'epoch')) ?? lastCheckpoint;
  }
  // The weights of the best held-out epoch are what pretraining hands on.
  if (best != null && best.epoch !== history[history.length - 1]?.epoch && o.store != null) {
    const bytes = await o.store.loadBest();
    if (bytes != null) {
      const ckpt = decodeCheckpoint(bytes, 'best checkpoint');
      try {
        model.loadStateDict(ckpt.model);
      } finally {
        disposeCheckpoint(ckpt);
      }
    }
  }
  return { history, best, globalStep: position.globalStep, samplesPerSecond: trainedSamples / Math.max(trainedSeconds, 1e-9) };
}
