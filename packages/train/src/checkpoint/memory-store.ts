import type { CheckpointReason, CheckpointStore, TrainingPosition } from './types.js';

/** Checkpoints kept in memory (browsers, tests): the last `keepLast` step/epoch checkpoints and the best one. */
export class MemoryCheckpointStore implements CheckpointStore {
  /** Saved checkpoints, oldest first, with their positions. */
  readonly saved: { readonly id: string; readonly bytes: Uint8Array; readonly position: TrainingPosition; readonly reason: CheckpointReason }[] = [];
  private best: Uint8Array | undefined;

  /** @param keepLast how many checkpoints to keep (default 3). */
  constructor(readonly keepLast = 3) {}

  async save(bytes: Uint8Array, info: { readonly position: TrainingPosition; readonly reason: CheckpointReason }): Promise<string> {
    const id = `memory:step-${info.position.globalStep}`;
    this.saved.push({ id, bytes: bytes.slice(), position: info.position, reason: info.reason });
    while (this.saved.length > this.keepLast) this.saved.shift();
    return id;
  }

  async saveBest(bytes: Uint8Array): Promise<string> {
    this.best = bytes.slice();
    return 'memory:best';
  }

  async loadBest(): Promise<Uint8Array | undefined> {
    return this.best;
  }

  /** The newest checkpoint, if any. */
  latest(): Uint8Array | undefined {
    return this.saved[this.saved.length - 1]?.bytes;
  }
}
