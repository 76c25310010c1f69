/**
 * @spectromix/datasets: audio classification datasets as their publishers ship them, with official and
 * speaker-independent splits, feature statistics and a seeded batch pipeline.
 *
 * This entry is platform-free (browsers included): types, label parsing, splits, statistics and the batch
 * pipeline. Loaders, downloads and the on-disk feature cache (file system, worker threads) live in
 * `@spectromix/datasets/node`.
 * @packageDocumentation
 */
export type { AudioRecord, AudioDataset, DatasetProblem, SplitName } from './types.js';
export {
  DatasetsError,
  DatasetRootError,
  CsvColumnError,
  FileNameError,
  SplitError,
  DatasetOptionsError,
  FeatureMissingError,
  FeatureCacheError,
  ClipError,
  DownloadError,
  ChecksumError,
  ArchiveError,
  UnsafeArchiveError,
} from './errors.js';
export { parseCsv, findColumns, type CsvTable, type CsvRow } from './csv/parse-csv.js';
export { RAVDESS_EMOTIONS, parseRavdessName, ravdessActorId, type RavdessEmotion, type RavdessFileInfo } from './labels/ravdess.js';
export { FSDD_CLASSES, FSDD_TEST_TAKES, parseFsddName, type FsddFileInfo } from './labels/fsdd.js';
export {
  SPEECH_COMMANDS_V1_WORDS,
  SPEECH_COMMANDS_V2_WORDS,
  SPEECH_COMMANDS_COMMANDS,
  SPEECH_COMMANDS_12_CLASSES,
  SILENCE_LABEL,
  UNKNOWN_LABEL,
  BACKGROUND_NOISE_FOLDER,
  parseSpeechCommandsName,
  type SpeechCommandsFileInfo,
} from './labels/speech-commands.js';
export { URBANSOUND8K_CLASSES } from './labels/urbansound8k.js';
export { ESC50_CLASSES } from './labels/esc50.js';
export { speakerKFold, type SpeakerFold, type SpeakerKFoldOptions } from './splits/speaker-kfold.js';
export { holdOutSpeakers } from './splits/hold-out-speakers.js';
export { officialSplit } from './splits/official-split.js';
export { foldSplit } from './splits/fold-split.js';
export { officialValidation } from './splits/official-validation.js';
export { listedFoldSplit, validationGroups, foldContaining, type ListedFoldsOptions, type FoldValidation } from './splits/listed-folds.js';
export { randomSplit, type RandomSplitOptions } from './splits/random-split.js';
export { SYNTHETIC_CLASSES, generateSyntheticClips, renderClip, type SyntheticClip, type SyntheticOptions } from './synthetic/synthetic.js';
export { syntheticDataset, SYNTHETIC_DATASET_NAME } from './synthetic/synthetic-dataset.js';
export { stratifiedKFold, type ClipFold, type StratifiedKFoldOptions } from './splits/stratified-kfold.js';
export { stratifiedHoldOut } from './splits/stratified-hold-out.js';
export {
  resolveFeatureSettings,
  type FeatureSettings,
  type ResolvedFeatureSettings,
} from './features/settings.js';
export { type FeatureStore, MemoryFeatureStore } from './features/feature-store.js';
export { computeStats, type ComputeStatsOptions } from './features/compute-stats.js';
export { createBatchPipeline } from './pipeline/batch-pipeline.js';
export type { Batch, BatchPipeline, BatchPipelineOptions, PipelineState, PipelineVariants } from './pipeline/types.js';
export type { AssemblerConfig, BatchAssembler, BatchSpeakers } from './pipeline/assembler.js';
export type { BatchPlan } from './pipeline/plan.js';
export { assembleBatch } from './pipeline/assemble-batch.js';
