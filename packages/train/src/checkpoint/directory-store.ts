import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError, TrainConfigError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import type { CheckpointReason, CheckpointStore, TrainingPosition } from './types.js';

/** Options of {@link DirectoryCheckpointStore}. */
export interface DirectoryCheckpointStoreOptions {
  /** How many of the newest step/epoch checkpoints to keep (default 3); the best one is kept apart. */
  readonly keepLast?: number;
}

const STEP_FILE = /^step-(\d{9})\.safetensors$/;
/** File name of the best checkpoint inside a checkpoint folder. */
export const BEST_CHECKPOINT_FILE = 'best.safetensors';

/**
 * Checkpoints in one folder: `step-<globalStep>.safetensors` (keep-last-k) and `best.safetensors`, each
 * written atomically (temporary file, fsync, rename, fsync of the folder), so a crash or `kill -9` at any
 * moment leaves only complete checkpoints.
 */
export class DirectoryCheckpointStore implements CheckpointStore {
  /** Checkpoints kept. */
  readonly keepLast: number;

  /** @param dir the folder (created if missing). */
  constructor(
    readonly dir: string,
    options: DirectoryCheckpointStoreOptions = {},
  ) {
    this.keepLast = options.keepLast ?? 3;
    if (!Number.isInteger(this.keepLast) || this.keepLast < 1) throw new TrainConfigError('keepLast', `must be an integer >= 1, got ${this.keepLast}`);
  }

  async save(bytes: Uint8Array, info: { readonly position: TrainingPosition; readonly reason: CheckpointReason }): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `step-${String(info.position.globalStep).padStart(9, '0')}.safetensors`);
    await writeFileAtomic(path, bytes);
    const files = await this.list();
    for (const old of files.slice(0, Math.max(0, files.length - this.keepLast))) await rm(old, { force: true });
    return path;
  }

  async saveBest(bytes: Uint8Array): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, BEST_CHECKPOINT_FILE);
    await writeFileAtomic(path, bytes);
    return path;
  }

  async loadBest(): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.dir, BEST_CHECKPOINT_FILE)));
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Step checkpoints in the folder, oldest first (empty if the folder does not exist). */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return [];
      throw error;
    }
    return names.filter((n) => STEP_FILE.test(n)).sort().map((n) => join(this.dir, n));
  }

  /**
   * The newest step checkpoint's path.
   * @throws CheckpointError when the folder holds none.
   */
  async latest(): Promise<string> {
    const files = await this.list();
    const last = files[files.length - 1];
    if (last == null) throw new CheckpointError(this.dir, 'holds no step-*.safetensors checkpoint to resume from. Pass a checkpoint file, or a run folder whose checkpoints/ has one.');
    return last;
  }
}
