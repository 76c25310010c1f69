/**
 * @spectromix/train: train spectromix models from JavaScript with the features PyTorch users expect.
 *
 * Optimisers (Adam, AdamW, PyTorch-exact, with savable state), global-norm gradient clipping, learning-rate
 * schedules (constant, AST's, warmup + cosine), losses (softmax cross-entropy with label smoothing, sigmoid BCE
 * on soft labels), AST-style metrics (accuracy, macro AUC, mAP, per-class P/R/F1, confusion matrix) and model
 * selection (best epoch, k-fold by AST's rule), resumable safetensors checkpoints and a leak-free loop.
 * Platform-neutral; file-system helpers are in `@spectromix/train/node`.
 * @packageDocumentation
 */
export { TrainError, TrainConfigError, NonFiniteLossError, CheckpointError, CheckpointMismatchError, TrainingInterruptedError } from './errors.js';
export type { Optimizer, OptimizerState, OptimizerStateMeta, OptimizerStepOptions } from './optim/optimizer.js';
export { Adam, AdamW, type AdamOptions } from './optim/adam.js';
export { AdamMoments, type SeparateMoments } from './optim/adam-moments.js';
export type { AdamUpdate, AdamStepHyper, AdamStepItem } from './optim/adam-update.js';
export { tfjsAdamUpdate } from './optim/adam-update-tfjs.js';
export { adamUpdateFor, setAdamUpdate, installAdamUpdate } from './optim/adam-update-select.js';
export { clipGradNorm, clipCoefficient, type ClippedGradients, type ClipCoefficient } from './optim/clip.js';
export { createLrSchedule, type LrSchedule, type LrScheduleSpec, type ScheduleInterval, type SchedulePosition } from './schedule/lr-schedule.js';
export { softmaxCrossEntropy, sigmoidBinaryCrossEntropy, createLoss, type LossName, type LossFunction, type CrossEntropyOptions } from './loss/losses.js';
export { rocAucScore, averagePrecisionScore } from './metrics/ranking.js';
export { argmaxRows, accuracy, confusionMatrix, precisionRecallF1, type PerClassScores } from './metrics/classification.js';
export { classificationMetrics, type ClassificationMetrics } from './metrics/report.js';
export { bestEpoch, kFoldSummary, type KFoldSummary } from './metrics/selection.js';
export type { TrainableModel, TrainBatch, BatchSource, EvalSource, JsonValue, Stateful } from './loop/types.js';
export { trainStep, trainStepScaled, countCorrect, type TrainStepOptions, type ScaledStepResult } from './loop/train-step.js';
export { DynamicLossScaler, type LossScalerOptions, type LossScalerState } from './optim/loss-scaler.js';
export { predict, evaluate, sigmoidScores, softmaxRows, type Predictions } from './loop/evaluate.js';
export { fit, restoreInto, moduleRngStates, type FitOptions, type FitResult, type StepEvent, type SelectionMetric } from './loop/fit.js';
export { encodeCheckpoint, decodeCheckpoint, decodeCheckpointMeta, CHECKPOINT_METADATA_KEY, type CheckpointMetaInput } from './checkpoint/codec.js';
export {
  disposeCheckpoint,
  type TrainingCheckpoint,
  type CheckpointMeta,
  type CheckpointStore,
  type CheckpointReason,
  type TrainingPosition,
  type EpochAccumulator,
  type EpochRecord,
  type EvalSummary,
  type BestEpoch,
} from './checkpoint/types.js';
export { MemoryCheckpointStore } from './checkpoint/memory-store.js';
export { stringifyWithNonFinite, parseWithNonFinite } from './checkpoint/json.js';
