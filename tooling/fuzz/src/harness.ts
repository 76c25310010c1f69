import { SeededRng } from '@spectromix/tensor';
import { mutateBytes, type Mutant } from './mutate.js';

/** One reader under test. */
export interface FuzzTarget {
  /** Name in reports, e.g. `decodeAudio (Ogg Opus)`. */
  readonly name: string;
  /** Real, valid inputs the mutations start from. */
  readonly seeds: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  /** Reads one input; may return normally or throw. */
  readonly read: (bytes: Uint8Array) => unknown;
  /** True for the package's typed errors: the only failures a reader may throw. */
  readonly isTyped: (error: unknown) => boolean;
  /** Format-aware mutations to mix in with the byte-level ones (e.g. structural JSON mutations). */
  readonly mutators?: readonly ((input: Uint8Array, rng: SeededRng) => Mutant)[];
}

/** Bounds every case must stay within. */
export interface FuzzBounds {
  /** Wall time of one read, ms. */
  readonly timeMs: number;
  /** Growth of the process's peak resident memory caused by one read, MB. */
  readonly memoryMb: number;
}

/** A case that broke a rule. */
export interface FuzzFailure {
  readonly target: string;
  readonly seed: string;
  /** Index of the case in the campaign (with the campaign seed, enough to reproduce it). */
  readonly index: number;
  readonly mutation: string;
  /** `untyped error` (a crash: TypeError, RangeError, a wasm trap...), `slow` or `memory`. */
  readonly kind: 'untyped error' | 'slow' | 'memory';
  readonly detail: string;
}

/** What one target's campaign did. */
export interface FuzzReport {
  readonly target: string;
  readonly cases: number;
  /** Inputs that still decoded (mutations that kept the file valid, or data the format does not check). */
  readonly accepted: number;
  /** Inputs rejected with the package's typed error. */
  readonly rejected: number;
  readonly failures: FuzzFailure[];
  /** Slowest case, ms. */
  readonly maxMs: number;
  /** Largest growth of the peak resident memory over one case, MB. */
  readonly maxMemoryMb: number;
}

/** Options of {@link fuzzTarget}. */
export interface FuzzOptions {
  /** Cases to run (indices `start` to `cases - 1`). */
  readonly cases: number;
  /** Campaign seed. */
  readonly seed: number;
  readonly bounds: FuzzBounds;
  /** First case index (default 0), to resume a campaign after a case that had to be killed. */
  readonly start?: number;
  /** Called before each case (a watchdog records which case is running). */
  readonly onCase?: (index: number, seed: string) => void;
}

/** The input of case `index` of a campaign with seed `seed` (the zero-length input for case 0): reproduces any case. */
export function caseInput(target: FuzzTarget, seed: number, index: number): Mutant {
  if (index === 0) return { bytes: new Uint8Array(0), mutation: 'zero length' };
  const mutators = [mutateBytes, ...(target.mutators ?? [])];
  // One generator per case: any case is reproduced from the campaign seed and its index alone.
  const rng = new SeededRng(seed * 1_000_003 + index);
  return mutators[rng.int(mutators.length)]!(target.seeds[index % target.seeds.length]!.bytes, rng);
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/**
 * Runs `cases` seeded mutations of the target's seed inputs (round robin over the seeds, the zero-length input
 * first) and checks each read: it returns or throws a typed error, within the time and memory bounds.
 */
export async function fuzzTarget(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const failures: FuzzFailure[] = [];
  let accepted = 0;
  let rejected = 0;
  let maxMs = 0;
  let maxMemoryMb = 0;
  for (let index = options.start ?? 0; index < options.cases; index++) {
    const seed = target.seeds[index % target.seeds.length]!;
    options.onCase?.(index, seed.name);
    const mutant = caseInput(target, options.seed, index);
    const fail = (kind: FuzzFailure['kind'], detail: string): void => {
      failures.push({ target: target.name, seed: seed.name, index, mutation: mutant.mutation, kind, detail });
    };
    const rssBefore = peakRssMb();
    const t0 = performance.now();
    try {
      await target.read(mutant.bytes);
      accepted++;
    } catch (error) {
      if (target.isTyped(error)) rejected++;
      else fail('untyped error', error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error));
    }
    const ms = performance.now() - t0;
    const grew = peakRssMb() - rssBefore;
    maxMs = Math.max(maxMs, ms);
    maxMemoryMb = Math.max(maxMemoryMb, grew);
    if (ms > options.bounds.timeMs) fail('slow', `${ms.toFixed(0)} ms > ${options.bounds.timeMs} ms`);
    if (grew > options.bounds.memoryMb) fail('memory', `peak resident memory grew by ${grew.toFixed(0)} MB > ${options.bounds.memoryMb} MB`);
  }
  return { target: target.name, cases: options.cases, accepted, rejected, failures, maxMs, maxMemoryMb };
}

/** One line per failure, for test messages and the bench's output. */
export function formatFailures(failures: readonly FuzzFailure[]): string {
  return failures.map((f) => `${f.target} #${f.index} (${f.seed}; ${f.mutation}): ${f.kind}: ${f.detail}`).join('\n');
}
