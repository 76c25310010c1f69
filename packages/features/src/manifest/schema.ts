import { z } from 'zod';
import { AST_FBANK } from './export-files.js';

const positiveInt = z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' });
const finite = z.number({ error: 'expected a finite number' }).refine(Number.isFinite, { error: 'expected a finite number' });
const perBin = z.enum(['none', 'mean-per-bin'], { error: 'expected "none" or "mean-per-bin"' });

/** `features.fbank`: exactly the AST options (anything else is a different model input this package does not compute). */
const fbankSchema = z.strictObject(
  Object.fromEntries(Object.entries(AST_FBANK).map(([key, value]) => [key, z.literal(value, { error: `expected ${JSON.stringify(value)}: this package computes the AST features ${JSON.stringify(AST_FBANK)} only` })])) as {
    [K in keyof typeof AST_FBANK]: z.ZodLiteral<(typeof AST_FBANK)[K]>;
  },
);

/** The `features` block of a version-2 manifest: how audio becomes the model's input (see the package README). */
export const featureBlockSchema = z.strictObject({
  // Resample the audio (mono: channel mean) to this rate first.
  sampleRate: positiveInt,
  // Subtract the clip's mean sample value before the fbank (AST).
  subtractMean: z.literal(true, { error: 'expected true (the AST features remove the clip mean)' }),
  fbank: fbankSchema,
  // Frames the model takes: zero rows appended, or the end cut.
  targetLength: positiveInt,
  // (x - mean) / (2 std) with the training set's statistics.
  normalization: z.strictObject({ mean: finite, std: finite.refine((v) => v > 0, { error: 'expected the training-set standard deviation, > 0' }) }),
  // Then the speaker's mean per mel bin removed (Kaldi's per-speaker CMN), or nothing.
  speakerNormalization: perBin,
  // Before that, the clip scaled in time to the training speakers' speaking rate, or nothing.
  speakerRate: z.union([z.literal('none'), z.strictObject({ targetFrames: finite.refine((v) => v > 0, { error: 'expected targetFrames > 0' }) })], {
    error: 'expected "none" or { "targetFrames": n > 0 } (the training speakers\' mean active frames per clip)',
  }),
});

/** The model config as far as this package reads it (the rest is `@spectromix/asm-rh`'s `AsmRhConfig`). */
const modelSchema = z.looseObject({ numClasses: positiveInt, targetLength: positiveInt });

/** Metrics of one subset, as the manifest stores them. */
const metricsSchema = z.strictObject({ accuracy: z.number(), macroAuc: z.number(), mAP: z.number() });

const spreadSchema = z.strictObject({ mean: z.number(), std: z.number(), min: z.number(), max: z.number() });

/**
 * The cross-validation a shipped model's recipe was measured with (`spectromix export --cv <kfold.json>`): the
 * model itself trained on every speaker, so its own test numbers do not exist; these are the k-fold runs' numbers
 * at the epoch chosen on validation from the training speakers, and the model trained that many epochs.
 */
export const crossValidationSchema = z.strictObject({
  // 'speaker-independent' (no test speaker trained or validated on) or 'clip-level' (speakers shared).
  protocol: z.string(),
  // How many runs (folds x seeds) were combined.
  runs: z.number().int().positive(),
  // The epoch (one-based) with the best run-averaged validation accuracy: the one every run reports its test at.
  epoch: z.number().int().positive(),
  // Test accuracy and macro AUC over the runs at that epoch.
  accuracy: spreadSchema,
  macroAuc: spreadSchema,
  // Each held-out speaker or fold, its seeds averaged.
  groups: z.array(z.strictObject({ heldOut: z.string(), accuracy: z.number(), macroAuc: z.number() })),
});

/** A version-2 manifest (the current format). */
export const manifestSchema = z.strictObject({
  format: z.literal('spectromix-model', { error: 'expected "spectromix-model"' }),
  version: z.literal(2),
  model: modelSchema,
  labels: z.array(z.string(), { error: 'expected a non-empty array of class names (strings)' }).min(1, { error: 'expected a non-empty array of class names (strings)' }),
  output: z.enum(['softmax', 'sigmoid'], { error: 'expected "softmax" or "sigmoid"' }),
  features: featureBlockSchema,
  // Where the model came from (informative; `config` is the trainer's run configuration, opaque here).
  training: z
    .strictObject({
      dataset: z.string(),
      split: z.string(),
      epochs: z.number().int().min(0),
      bestEpoch: z.number().int().nullable(),
      metrics: z.record(z.string(), metricsSchema.optional()),
      config: z.record(z.string(), z.unknown()),
      crossValidation: crossValidationSchema.optional(),
    })
    .optional(),
  createdAt: z.string().optional(),
});

/**
 * Everything a consumer (the classifier, `spectromix predict`) needs besides the weights: format version 2.
 * Documented field by field in the package README ("Export manifest").
 */
export type ModelManifest = z.infer<typeof manifestSchema>;

/** The `training.crossValidation` block of a {@link ModelManifest}. */
export type ManifestCrossValidation = z.infer<typeof crossValidationSchema>;

/** The `features` block of a {@link ModelManifest}. */
export type ManifestFeatures = ModelManifest['features'];
