/**
 * Errors that the same job would hit again on any worker: the configuration or the data is wrong, or training
 * itself diverges (deterministically: the same seed diverges again). A job failing with one of these fails once,
 * with its message in `sweep status`, instead of being retried. Everything else (a crash, a killed process, a
 * backend that a machine lacks, a full disk) is retried, up to the sweep's `attempts`.
 */
const UNRECOVERABLE = /^(Config|Data|ExportFormat|TrainConfig|NonFiniteLoss|Checkpoint|Datasets|DatasetRoot|CsvColumn|FileName|Split|DatasetOptions|FeatureMissing|Clip|AsmRh|UnknownPreset|WeightsMismatch|Mixer|StateDict|Safetensors)\w*Error$/;

/** Whether an error (by its `name`) is one that retrying cannot fix. */
export function isUnrecoverable(name: string): boolean {
  return UNRECOVERABLE.test(name);
}

/** The message a child process reports to its worker before it exits with an error. */
export interface ChildFailure {
  readonly type: 'failure';
  readonly name: string;
  readonly message: string;
  readonly unrecoverable: boolean;
}
