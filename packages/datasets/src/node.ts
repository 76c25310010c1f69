/**
 * Node-only parts of @spectromix/datasets: dataset loaders (file system), downloads with safe extraction, and
 * the feature cache with worker-thread extraction. Everything of the main entry is re-exported here too.
 * @packageDocumentation
 */
export * from './index.js';
export { loadSpeechCommands, type SpeechCommandsOptions } from './loaders/speech-commands.js';
export { loadUrbanSound8k } from './loaders/urbansound8k.js';
export { loadEsc50 } from './loaders/esc50.js';
export { loadRavdess, type RavdessOptions } from './loaders/ravdess.js';
export { loadFsdd } from './loaders/fsdd.js';
export { loadFolderDataset, type FolderDatasetOptions } from './loaders/folder-dataset.js';
export { loadCsvManifest, type CsvManifestOptions } from './loaders/csv-manifest.js';
export { AUDIO_EXTENSIONS, isAudioFile } from './loaders/fs-utils.js';
export { readWavInfo, type WavInfo } from './loaders/wav-info.js';
