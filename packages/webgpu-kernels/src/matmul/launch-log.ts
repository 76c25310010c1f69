/**
 * A log of matmul launches, for benchmarks that time a model's products inside a real step: WebGPU profiles
 * (`tf.time`) name each launch by its program's class (`MatMulProgram`, `MatMulSplitSumProgram`), in launch
 * order, and this log says what each of those launches computed.
 */

/** One launch of the fast matmul: a product, or the sum of a K-split product's slices. */
export interface MatMulLaunch {
  /** `product`: a `MatMulProgram` launch; `split-sum`: the `MatMulSplitSumProgram` launch that follows a K-split one. */
  readonly kind: 'product' | 'split-sum';
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** The epilogue, e.g. `bias(row)+gelu+residual`, or `none`. */
  readonly epilogue: string;
  /** A Roll-Time remap of A's rows (`a`) or the output's rows (`output`), if any. */
  readonly roll: 'a' | 'output' | null;
  /** Tile (`tileM x tileN x tileK`) and K split the planner chose. */
  readonly plan: string;
  /** 2 * batch * m * n * k for a product, 0 for a split sum. */
  readonly flops: number;
}

let log: MatMulLaunch[] | null = null;

/** Starts (or restarts) logging matmul launches. */
export function startMatMulLog(): void {
  log = [];
}

/** Stops logging and returns the launches since {@link startMatMulLog}, in launch order (empty if it was never started). */
export function takeMatMulLog(): MatMulLaunch[] {
  const taken = log ?? [];
  log = null;
  return taken;
}

/** Records one launch while a log is open; `launch` is only called then (launches outside a log cost nothing). */
export function logMatMulLaunch(launch: () => MatMulLaunch): void {
  log?.push(launch());
}
