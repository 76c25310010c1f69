import { z } from 'zod';

/**
 * `train.average`: checkpoint averaging. The weights of `k` epochs are averaged at the end of the run: the `k` best
 * by the validation metric (`kind: 'best'`) or the last `k` (`kind: 'last'`). The average is evaluated on
 * validation and kept only when it is at least as good there as the single best epoch (test never takes part in the
 * choice); `result.json` records which epochs were averaged and what was kept. null (the default): off, the best
 * epoch is kept as AST does. Each candidate epoch's weights wait in `<run>/average/` (so a resumed run averages the
 * same epochs), and the folder is removed at the end.
 */
export const averageSchema = z
  .strictObject({
    kind: z.enum(['best', 'last']),
    k: z.number().int().min(2).max(100),
  })
  .nullable();

/** The validated `train.average`. */
export type AverageConfig = z.infer<typeof averageSchema>;
