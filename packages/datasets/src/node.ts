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
export { DATASET_SOURCES, type DatasetSource, type DatasetSourceName, type SourceArchive } from './download/sources.js';
export { downloadDataset, type DownloadDatasetOptions } from './download/download-dataset.js';
export { downloadFile, type DownloadFileOptions, type DownloadResult } from './download/download-file.js';
export { extractArchive, detectArchiveFormat, type ArchiveFormat, type ExtractArchiveOptions } from './download/extract-archive.js';
export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './download/archive-limits.js';
export { hashFile, type Checksum } from './download/checksum.js';
export { defaultCacheDir } from './download/cache-dir.js';
export type { TransferProgress, ExtractSummary, ExtractProgressCallback } from './download/extract-types.js';
export { FeatureCache, type FeatureProgress, type FeaturesOptions } from './features/feature-cache.js';
export { FileFeatureStore } from './features/file-feature-store.js';
export { CACHE_MAGIC, CACHE_FORMAT_VERSION, type CacheHeader } from './features/cache-file.js';
export { extractClip, type ClipJob } from './features/extract-clip.js';
