import { DatasetOptionsError, FeatureMissingError } from '../errors.js';
import type { BatchAssembler, AssemblerConfig } from '../pipeline/assembler.js';
import type { DatasetProblem } from '../types.js';

/**
 * Features of a list of records, row `i` for record `i`: each row is `[numFrames, numBins]` (time-major,
 * padded or cropped to the same length). Rows of clips that could not be read are absent (`has(i)` false) and
 * listed in `problems`.
 */
export interface FeatureStore {
  /** Number of rows, `records.length` of the records the store was made for. */
  readonly length: number;
  /** Frames per row (the settings' `targetLength`). */
  readonly numFrames: number;
  /** Values per frame (128 mel bins for the contract's features). */
  readonly numBins: number;
  /** Clips without features, with the reason (corrupt, empty, NaN, unreadable). */
  readonly problems: DatasetProblem[];
  /** Whether row `i` holds features. */
  has(i: number): boolean;
  /**
   * Row `i` as a new `Float32Array` of `numFrames * numBins` values (time-major).
   * @throws FeatureMissingError when `has(i)` is false; DatasetOptionsError when `i` is out of range.
   */
  get(i: number): Float32Array;
  /**
   * Optional: a batch assembler running off the calling thread (a worker thread over the same cache file, in
   * Node). The batch pipeline uses it when present so batches are built while the model trains. `variants`: the
   * perturbed copies it must read too; undefined when it cannot read them off-thread (the pipeline then builds
   * batches on the calling thread).
   */
  createAssembler?(config: AssemblerConfig, variants?: readonly FeatureStore[]): BatchAssembler | undefined;
}

/** Throws unless `i` is a valid row index of `store`. */
export function checkRowIndex(store: Pick<FeatureStore, 'length'>, i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= store.length) {
    throw new DatasetOptionsError(`feature row ${i} does not exist: the store has rows 0..${store.length - 1}`);
  }
}

/**
 * A {@link FeatureStore} over rows held in memory (features computed in a browser, tests, small sets).
 * `null` rows are missing and should be explained in `problems`.
 */
export class MemoryFeatureStore implements FeatureStore {
  readonly length: number;

  /**
   * @param rows one `Float32Array` of `numFrames * numBins` values per record, or `null` for a skipped clip.
   * @throws DatasetOptionsError when a row has the wrong size.
   */
  constructor(
    private readonly rows: readonly (Float32Array | null)[],
    readonly numFrames: number,
    readonly numBins: number,
    readonly problems: DatasetProblem[] = [],
  ) {
    const size = numFrames * numBins;
    rows.forEach((row, i) => {
      if (row && row.length !== size) throw new DatasetOptionsError(`MemoryFeatureStore row ${i} has ${row.length} values, expected ${numFrames} x ${numBins} = ${size}`);
    });
    this.length = rows.length;
  }

  has(i: number): boolean {
    return this.rows[i] != null;
  }

  get(i: number): Float32Array {
    checkRowIndex(this, i);
    const row = this.rows[i];
    if (!row) throw new FeatureMissingError(`feature row ${i} is missing: ${this.problems.find((p) => p.index === i)?.reason ?? 'its clip was skipped'}`);
    return Float32Array.from(row);
  }
}
