import { z } from 'zod';

/**
 * `train.distill`: knowledge distillation from a teacher run (DeiT's recipe for transformers trained on small data,
 * without its distillation token). The teacher is the exported model of a finished run folder (e.g. a `--model cnn`
 * run on the same fold); it must have trained on the same split and features, or it would have seen this run's test
 * clips. The loss becomes `(1 - alpha) CE(student, y) + alpha KD`, with KD `T^2 KL(softmax(teacher / T) ||
 * softmax(student / T))` (`kind: 'soft'`, Hinton et al.) or `CE(student, argmax teacher)` (`'hard'`, DeiT's best).
 * The teacher sees the same augmented batch as the student; validation and test use the plain loss. Defaults:
 * `alpha: 0.5` and `kind: 'hard'` (DeiT), `temperature: 1` (DeiT's soft setting uses 3; it applies to `soft` only).
 * null (the default): no distillation.
 */
export const distillSchema = z
  .strictObject({
    teacher: z.string().min(1),
    alpha: z.number().min(0).max(1).default(0.5),
    temperature: z.number().positive().max(100).default(1),
    kind: z.enum(['soft', 'hard']).default('hard'),
  })
  .nullable();

/** The validated `train.distill`. */
export type DistillConfig = z.infer<typeof distillSchema>;
