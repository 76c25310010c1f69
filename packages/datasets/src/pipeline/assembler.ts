import type { SpeakerProfile } from '@spectromix/features';
import type { Batch } from './types.js';
import type { BatchPlan } from './plan.js';

/** The augmentation settings of a pipeline, as plain data (it crosses to the assembler thread). */
export interface AssemblerConfig {
  /** Label index of every store row. */
  labels: Int32Array;
  /** Width of `y`. */
  numClasses: number;
  normalize?: { mean: number; std: number };
  /** The per-speaker steps of the recipe (see `BatchPipelineOptions.speakers`), needs `normalize`. */
  speakers?: BatchSpeakers;
  /** With perturbed copies and `speakers`: each copy's per-speaker statistics (see `PipelineVariants.speakers`). */
  variantSpeakers?: readonly BatchSpeakers[];
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

/**
 * The per-speaker steps of the feature recipe (`@spectromix/features`) for a model trained with per-speaker
 * normalisation: which speaker each store row belongs to, and each speaker's statistics. Plain data: it crosses to
 * the assembler thread.
 */
export interface BatchSpeakers {
  /** Per-speaker mean removal (`speakerNormalization: 'mean-per-bin'`). */
  readonly speakerNormalization: 'none' | 'mean-per-bin';
  /** Speaking-rate normalisation to `targetFrames` (`speakerRate`). */
  readonly speakerRate: 'none' | { readonly targetFrames: number };
  /** Speaker index (into `profiles`) of every store row. */
  readonly ofRow: Int32Array;
  /** Each speaker's statistics (`SpeakerStats.profile()` over his clips). */
  readonly profiles: readonly SpeakerProfile[];
}
