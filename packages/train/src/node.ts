/**
 * Node-only parts of @spectromix/train: atomic file writes and a folder of checkpoints.
 * @packageDocumentation
 */
export { writeFileAtomic } from './checkpoint/atomic-write.js';
export { DirectoryCheckpointStore, BEST_CHECKPOINT_FILE, type DirectoryCheckpointStoreOptions } from './checkpoint/directory-store.js';
export { readCheckpointFile, readCheckpointMetaFile } from './checkpoint/read-file.js';
