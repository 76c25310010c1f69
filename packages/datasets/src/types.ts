/** The three subsets of an official split. */
export type SplitName = 'train' | 'validation' | 'test';

/** One labelled clip of a dataset. */
export interface AudioRecord {
  /** Absolute path of the audio file. */
  path: string;
  /** Class name, one of the dataset's `classes`. */
  label: string;
  /** Index of `label` in the dataset's `classes`. */
  labelIndex: number;
  /** Speaker or actor id, where the dataset has one (RAVDESS `Actor_01`, FSDD `george`, Speech Commands hash). */
  speaker?: string;
  /** Official cross-validation fold (UrbanSound8K 1-10, ESC-50 1-5). */
  fold?: number;
  /** Official subset (Speech Commands lists, FSDD takes). */
  split?: SplitName;
  /** Clip duration in seconds, where the metadata gives it. */
  durationSeconds?: number;
  /** Start of the clip inside the file in seconds (Speech Commands `_silence_` cuts); the whole file when absent. */
  offsetSeconds?: number;
  /** Everything else the publisher's layout says about the clip (file-name fields, CSV columns). */
  meta: Record<string, string | number>;
}

/** A file or row that a loader, the feature cache or the pipeline skipped, and why. */
export interface DatasetProblem {
  /** File (or CSV) the problem is about. */
  path: string;
  /** What was wrong, in words. */
  reason: string;
  /** Index of the record concerned, where there is one (feature cache). */
  index?: number;
}

/** A loaded dataset: records in a stable order, the class list and the problems met while loading. */
export interface AudioDataset {
  /** Dataset name (`speech-commands-v2`, `urbansound8k`, `ravdess`, ...). */
  name: string;
  /** Absolute root folder. */
  root: string;
  /** Class names; `AudioRecord.labelIndex` indexes this list. */
  classes: string[];
  /** The clips, sorted by path (stable across runs and machines). */
  records: AudioRecord[];
  /** Files or rows skipped, with the reason. */
  problems: DatasetProblem[];
}
