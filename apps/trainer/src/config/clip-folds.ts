import { z } from 'zod';

/**
 * `data.split` of kind `'stratified-clips'`: clip-level stratified k-fold, the protocol many RAVDESS papers report.
 * Speakers are shared between train and test, so its numbers are speaker-dependent; `result.json` and
 * `spectromix kfold` label them `clip-level`, apart from the speaker-independent protocol. Defaults: `k: 5` (the
 * papers' 5-fold), `fold: 0` (pick others with `--fold n`), `seed: 0` (the folds stay fixed across run seeds, so
 * seeds vary only the training), `validation: 0.1` (one clip in ten of each class of the training folds picks the
 * epoch; test clips never do), `speakers: null` (every speaker; list e.g. Actor_01..Actor_20 to use the same clips
 * as the speaker-independent folds).
 */
export const clipFoldsSchema = z.strictObject({
  kind: z.literal('stratified-clips'),
  k: z.number().int().min(2).default(5),
  fold: z.number().int().min(0).default(0),
  seed: z.number().int().min(0).default(0),
  validation: z.number().gt(0).lt(1).default(0.1),
  speakers: z.array(z.string().min(1)).min(1).nullable().default(null),
});

/** The validated `'stratified-clips'` split. */
export type ClipFoldsSplit = z.infer<typeof clipFoldsSchema>;
