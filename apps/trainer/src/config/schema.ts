import { z } from 'zod';
import { initSchema } from './init.js';
import { clipFoldsSchema } from './clip-folds.js';
import { averageSchema } from './average.js';
import { distillSchema } from './distill.js';
import { speedSchema, vtlpSchema } from './perturb.js';

/** Datasets the CLI can load. `synthetic` is the embedded dataset generated in code (no files needed). */
export const DATASET_KINDS = ['synthetic', 'fsdd', 'ravdess', 'speech-commands', 'urbansound8k', 'esc50', 'folder'] as const;
/** Backends `--backend` accepts; `auto` prefers webgpu on a real GPU, else wasm. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** Training precisions: `fp32` everywhere, or `mixed` (f16 matmuls, f32 master weights and Adam state, dynamic loss scaling). */
export const PRECISIONS = ['fp32', 'mixed'] as const;
/** Model presets: those of @spectromix/asm-rh, and `cnn`, the trainer's plain CNN baseline (and distillation teacher). */
export const PRESETS = ['asm-rh-tiny', 'asm-rh-small', 'asm-rh-base', 'asm-rh-tiny-conv', 'cnn'] as const;

const positiveInt = z.number().int().positive();
const fraction = z.number().min(0).max(1);
const group = z.union([z.string().min(1), z.number().int()]);

/**
 * Where a k-fold split's validation data (the data that picks the epoch and checkpoint) comes from. Selection
 * must never see the test fold: that would tune on the test speakers.
 */
export const foldValidationSchema = z
  .union([
    // The first `nextFold` groups listed in fold (fold + 1) mod k validate and leave training: a fixed choice from
    // the training groups (RAVDESS lists each fold male, female, male, female, so 2 is one man and one woman).
    z.strictObject({ nextFold: z.number().int().positive() }),
    // The training groups' own held-out takes validate (the publisher's test/validation subset, e.g. FSDD takes 0-4),
    // so every training speaker is still trained on: leave-one-speaker-out without giving up a speaker.
    z.literal('official'),
    // AST's protocol: the test fold also validates, so the epoch is chosen on the test speakers (tuning on the test).
    // Only to read or resume runs made before inner validation existed; never for a reported number.
    z.literal('test-fold'),
  ])
  .describe('validation of a k-fold split: { nextFold: n } groups of the next fold, "official" held-out takes of the training groups, or "test-fold" (peeks at the test; old runs only)');

/** How records are split into train / validation / test. */
export const splitSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** The publisher's subsets (Speech Commands lists, FSDD takes 0-4 as test). */
    kind: z.literal('official'),
  }),
  z.strictObject({
    /** Speaker-independent: `test` speakers are held out; validation is other speakers or the official test takes of the rest. */
    kind: z.literal('hold-out-speakers'),
    test: z.array(z.string().min(1)).min(1),
    validation: z.union([z.array(z.string().min(1)).min(1), z.literal('official')]),
  }),
  z.strictObject({
    /** k-fold cross-validation over explicit groups (speakers or official folds); fold `fold` tests, `validation` picks the epoch. */
    kind: z.literal('folds'),
    by: z.enum(['speaker', 'fold']),
    folds: z.array(z.array(group).min(1)).min(2),
    fold: z.number().int().min(0),
    validation: foldValidationSchema,
  }),
  z.strictObject({
    /** A seeded random split by clip (only for data without speakers or folds, e.g. the synthetic set). */
    kind: z.literal('random'),
    validation: fraction,
    test: fraction,
  }),
  // Clip-level stratified k-fold (speakers shared between train and test), labelled 'clip-level' in results.
  clipFoldsSchema,
  z.strictObject({
    /**
     * Every clip trains; nothing validates or tests. For the model a user ships after cross-validation: its epochs
     * (`train.epochs`) come from the k-fold runs' validation, and its numbers are theirs (`spectromix export
     * --cv <kfold.json>` writes them into the manifest).
     */
    kind: z.literal('all'),
  }),
]);

/** Learning-rate schedule (the base rate is `optimizer.lr`). */
export const scheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant') }),
  z.strictObject({
    kind: z.literal('ast'),
    start: z.number().int().min(0),
    step: positiveInt,
    gamma: z.number().gt(0).max(1),
    interval: z.enum(['epoch', 'step']),
  }),
  z.strictObject({
    kind: z.literal('warmup-cosine'),
    warmup: z.number().int().min(0),
    minLr: z.number().min(0),
    interval: z.enum(['epoch', 'step']),
  }),
]);

/** The full run configuration, validated after every layer is merged. */
export const runConfigSchema = z.strictObject({
  model: z.strictObject({
    preset: z.enum(PRESETS),
    hermit: z.boolean(),
    roll: z.boolean(),
    dropPath: z.number().min(0).lt(1),
    init: initSchema,
  }),
  data: z.strictObject({
    dataset: z.enum(DATASET_KINDS),
    root: z.string().min(1).nullable(),
    targetLength: z.number().int().min(26).max(4096),
    sampleRate: z.number().int().min(1000).max(192000),
    split: splitSchema,
    normalization: z.strictObject({ mean: z.number(), std: z.number().positive() }).nullable(),
    speakerNormalization: z.enum(['none', 'mean-per-bin']),
    speakerRate: z.union([z.enum(['none', 'normalize']), z.strictObject({ targetFrames: z.number().positive() })]),
    cacheDir: z.string().min(1).nullable(),
    workers: z.number().int().min(0).max(256).nullable(),
    synthetic: z.strictObject({ train: positiveInt.max(10000), validation: positiveInt.max(10000), test: positiveInt.max(10000) }),
  }),
  augment: z.strictObject({
    freqm: z.number().int().min(0).max(128),
    timem: z.number().int().min(0),
    mixup: z.strictObject({ alpha: z.number().positive(), prob: fraction }).nullable(),
    timeRoll: z.boolean(),
    noise: z.number().min(0).max(10),
    freqShift: z.number().int().min(0).max(64),
    gainDb: z.number().min(0).max(40),
    speed: speedSchema,
    vtlp: vtlpSchema,
  }),
  optimizer: z.strictObject({
    kind: z.enum(['adam', 'adamw']),
    lr: z.number().positive().max(10),
    betas: z.tuple([z.number().min(0).lt(1), z.number().min(0).lt(1)]),
    eps: z.number().min(0).max(1),
    weightDecay: z.number().min(0).max(10),
  }),
  schedule: scheduleSchema,
  train: z.strictObject({
    epochs: positiveInt.max(100000),
    batchSize: positiveInt.max(65536),
    loss: z.enum(['softmax-ce', 'sigmoid-bce']),
    labelSmoothing: z.number().min(0).lt(1),
    clipGradNorm: z.number().positive().nullable(),
    selectMetric: z.enum(['accuracy', 'mAP', 'macroAuc', 'loss']),
    testEachEpoch: z.boolean(),
    balanced: z.boolean(),
    precision: z.enum(PRECISIONS),
    average: averageSchema,
    distill: distillSchema,
  }),
  checkpoint: z.strictObject({
    everySteps: z.number().int().min(0),
    keepLast: positiveInt.max(1000),
  }),
  run: z.strictObject({
    out: z.string().min(1),
    name: z.string().regex(/^[\w.-]+$/, 'use letters, digits, dot, dash or underscore').nullable(),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    backend: z.enum(BACKEND_CHOICES),
  }),
});

/** The validated run configuration: plain JSON, stored in every checkpoint and export. */
export type RunConfig = z.infer<typeof runConfigSchema>;
/** Split part of {@link RunConfig}. */
export type SplitConfig = RunConfig['data']['split'];
/** A deep-partial layer (recipe, config file or flags) merged over the defaults. */
export type ConfigLayer = { [K in keyof RunConfig]?: Partial<{ [P in keyof RunConfig[K]]: unknown }> };
