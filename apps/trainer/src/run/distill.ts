import { isDeepStrictEqual } from 'node:util';
import * as tf from '@spectromix/tensor';
import { softmaxCrossEntropy, type BatchSource, type LossFunction, type TrainBatch, type TrainableModel } from '@spectromix/train';
import type { DistillConfig } from '../config/distill.js';
import type { RunConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { loadModel } from '../model/load-model.js';
import type { RunModel } from '../model/build.js';

/** The distillation settings without the teacher's path. */
export type KdOptions = Pick<NonNullable<DistillConfig>, 'alpha' | 'temperature' | 'kind'>;

/**
 * The distillation loss of one batch: `(1 - alpha) base(student, targets) + alpha KD`, where KD is
 * `T^2 mean_b sum_k p_t (log p_t - log p_s)` with `p = softmax(logits / T)` (`soft`; torch's
 * `kl_div(log_softmax(s / T), softmax(t / T), reduction='batchmean') * T^2`) or the cross-entropy of the student
 * against the teacher's argmax class (`hard`, DeiT).
 * @param student `[B, K]` logits being trained.
 * @param teacher `[B, K]` logits of the teacher on the same inputs (no gradient flows into them).
 */
export function distillationLoss(student: tf.Tensor, teacher: tf.Tensor, targets: tf.Tensor, options: KdOptions, base: LossFunction): tf.Scalar {
  return tf.tidy(() => {
    // The teacher's logits are constants here: computed outside the gradient tape, from no trainable variable.
    const t = teacher;
    let kd: tf.Scalar;
    if (options.kind === 'hard') {
      kd = softmaxCrossEntropy(student, tf.cast(tf.oneHot(tf.argMax(t, -1), t.shape[1] as number), 'float32'));
    } else {
      const T = options.temperature;
      const logPt = tf.logSoftmax(tf.div(t, T));
      const logPs = tf.logSoftmax(tf.div(student, T));
      kd = tf.mul(tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs)), -1)), T * T) as tf.Scalar;
    }
    return tf.add(tf.mul(base(student, targets), 1 - options.alpha), tf.mul(kd, options.alpha)) as tf.Scalar;
  });
}

/** A teacher wired into a run: its batches, its loss, and what to free at the end. */
export interface Distillation {
  /** Training batches that also run the teacher on each batch (after augmentation), for {@link loss}. */
  readonly train: BatchSource;
  /**
   * The training loss: {@link distillationLoss} for the batch the teacher just saw, the plain loss for anything else
   * (the loop's validation and test passes call the same function).
   */
  readonly loss: LossFunction;
  /** Frees the teacher. */
  dispose(): void;
}

/**
 * Wires `teacher` into training: each training batch is given to the teacher once (no gradient), and the loss of
 * the step that follows adds the distillation term on exactly that batch.
 */
export function createDistillation(teacher: TrainableModel & { dispose(): void }, source: BatchSource, options: KdOptions, base: LossFunction): Distillation {
  let armed: { x: tf.Tensor; logits: tf.Tensor } | null = null;
  const disarm = (): void => {
    armed?.logits.dispose();
    armed = null;
  };
  const train: BatchSource = {
    batchesPerEpoch: source.batchesPerEpoch,
    async *epoch(epochIndex: number, startBatch?: number): AsyncIterable<TrainBatch> {
      try {
        for await (const b of source.epoch(epochIndex, startBatch)) {
          disarm();
          armed = { x: b.x, logits: tf.tidy(() => teacher.forward(b.x, { training: false })) };
          yield b;
        }
      } finally {
        disarm();
      }
    },
  };
  const loss: LossFunction = (logits, targets) => {
    const a = armed;
    if (a == null || a.x.isDisposed || !tf.util.arraysEqual(a.logits.shape, logits.shape)) return base(logits, targets);
    // One use per batch: the next call (or an evaluation) gets the plain loss unless a new batch arrives.
    armed = null;
    try {
      return distillationLoss(logits, a.logits, targets, options, base);
    } finally {
      a.logits.dispose();
    }
  };
  return { train, loss, dispose: () => (disarm(), teacher.dispose()) };
}

/** The data settings a teacher must share with its student (the split, so it never saw the student's test clips, and the features). */
const SHARED = ['dataset', 'targetLength', 'sampleRate', 'split', 'speakerNormalization'] as const;

/**
 * Loads `train.distill.teacher` (a finished run folder's exported model) and checks it fits this run.
 * @throws ConfigError when it is missing, was trained on another split, fold or features, or has other classes.
 */
export async function loadTeacher(config: RunConfig, classes: readonly string[]): Promise<RunModel> {
  const spec = config.train.distill;
  if (spec == null) throw new ConfigError('train.distill is not set.');
  if (config.train.loss !== 'softmax-ce') throw new ConfigError(`train.distill needs train.loss 'softmax-ce' (the teacher's distribution is a softmax), not '${config.train.loss}'.`);
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(spec.teacher);
  } catch (error) {
    throw new ConfigError(`train.distill.teacher ${spec.teacher}: ${(error as Error).message} Pass the folder of a finished run (its model/ export), e.g. a --model cnn run on the same fold.`);
  }
  const theirs = loaded.manifest.training?.config['data'] as Readonly<Record<string, unknown>> | undefined;
  if (theirs == null) {
    loaded.model.dispose();
    throw new ConfigError(`train.distill.teacher ${spec.teacher}: its manifest records no training configuration, so it cannot be checked against this run's split. Pass the folder of a run trained by spectromix train.`);
  }
  const mine: Readonly<Record<string, unknown>> = config.data;
  const differ = SHARED.filter((k) => !isDeepStrictEqual(theirs[k], mine[k]));
  const problems = [
    ...differ.map((k) => `data.${k} is ${JSON.stringify(theirs[k])} there, ${JSON.stringify(mine[k])} here`),
    ...(isDeepStrictEqual([...loaded.manifest.labels], [...classes]) ? [] : [`its classes are ${loaded.manifest.labels.join(', ')}, this run's ${classes.join(', ')}`]),
  ];
  if (problems.length > 0) {
    loaded.model.dispose();
    throw new ConfigError(`train.distill.teacher ${spec.teacher} does not fit this run: ${problems.join('; ')}. A teacher must train on the same split and fold (else it has seen this run's test clips) and the same features.`);
  }
  return loaded.model;
}
