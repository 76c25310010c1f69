import type { Batch } from './types.js';
import type { BatchPlan } from './plan.js';

/** The augmentation settings of a pipeline, as plain data (it crosses to the assembler thread). */
export interface AssemblerConfig {
  /** Label index of every store row. */
  labels: Int32Array;
  /** Width of `y`. */
  numClasses: number;
  normalize?: { mean: number; std: number };
  specAugment?: { freqMaskParam: number; timeMaskParam: number };
  /** Largest time-roll shift (frames), absent for none. */
  maxRollShift?: number;
  /** Largest noise amplitude, absent for none. */
  noise?: number;
}

/** Turns batch plans into batches, possibly on another thread. */
export interface BatchAssembler {
  /** Builds the batch of `plan`. */
  assemble(plan: BatchPlan): Promise<Batch>;
  /** Releases the assembler's thread, if any. */
  close(): Promise<void>;
}
