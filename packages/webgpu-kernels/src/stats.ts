/** How often the fast kernels ran, and why tfjs's own kernel ran instead when they declined. */
export interface FastKernelStats {
  /** Launches of a spectromix kernel, per kernel name. */
  readonly fast: Readonly<Record<string, number>>;
  /** Hand-offs to tfjs's stock kernel, per `kernel: reason`. */
  readonly fallback: Readonly<Record<string, number>>;
}

const fast = new Map<string, number>();
const fallback = new Map<string, number>();

/** Counts one launch of a fast kernel. */
export function countFast(kernel: string): void {
  fast.set(kernel, (fast.get(kernel) ?? 0) + 1);
}

/** Counts one hand-off to tfjs's kernel, with the reason the fast one declined. */
export function countFallback(kernel: string, reason: string): void {
  const key = `${kernel}: ${reason}`;
  fallback.set(key, (fallback.get(key) ?? 0) + 1);
}

/** A snapshot of the counters since the last {@link resetFastKernelStats}. */
export function fastKernelStats(): FastKernelStats {
  return { fast: Object.fromEntries(fast), fallback: Object.fromEntries(fallback) };
}

/** Zeroes the counters. */
export function resetFastKernelStats(): void {
  fast.clear();
  fallback.clear();
}
