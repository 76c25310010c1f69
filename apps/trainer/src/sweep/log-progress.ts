import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** A running job's progress as workers report it through the queue. */
export interface JobProgressReport {
  /** Fraction of the run done, 0..1 (epochs and batches; data preparation counts as 0). */
  readonly fraction: number;
  /** Current epoch (1-based) and total. */
  readonly epoch: number;
  readonly epochs: number;
  /** Last training loss. */
  readonly loss: number | null;
  /** The worker running it (`host:pid`). */
  readonly worker: string;
}

/**
 * Follows a run's `log.jsonl` (the JSON Lines log every run writes) from where it last stopped reading and
 * turns its `start` and `step` events into a {@link JobProgressReport}.
 */
export class LogProgress {
  private offset = 0;
  private rest = '';
  private epochs = 1;
  private batchesPerEpoch = 1;
  private epoch = 0;
  private batch = -1;
  private loss: number | null = null;

  constructor(
    private readonly file: string,
    private readonly worker: string,
  ) {}

  /** Reads what the log gained since the last call. */
  poll(): JobProgressReport {
    if (existsSync(this.file)) {
      const size = statSync(this.file).size;
      if (size > this.offset) {
        const fd = openSync(this.file, 'r');
        const buf = Buffer.alloc(size - this.offset);
        readSync(fd, buf, 0, buf.length, this.offset);
        closeSync(fd);
        this.offset = size;
        const lines = (this.rest + buf.toString('utf8')).split('\n');
        this.rest = lines.pop() ?? '';
        for (const line of lines) this.take(line);
      }
    }
    const fraction = Math.min(1, Math.max(0, (this.epoch + (this.batch + 1) / this.batchesPerEpoch) / this.epochs));
    return { fraction, epoch: Math.min(this.epochs, this.epoch + 1), epochs: this.epochs, loss: this.loss, worker: this.worker };
  }

  private take(line: string): void {
    let e: { event?: string; epoch?: number; batch?: number; loss?: number; config?: { train?: { epochs?: number; batchSize?: number } }; data?: { train?: number } };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      return; // NaN losses are written as non-JSON tokens; such a line carries nothing progress needs
    }
    if (e.event === 'start') {
      this.epochs = Math.max(1, e.config?.train?.epochs ?? 1);
      this.batchesPerEpoch = Math.max(1, Math.ceil((e.data?.train ?? 1) / Math.max(1, e.config?.train?.batchSize ?? 1)));
    } else if (e.event === 'step') {
      this.epoch = e.epoch ?? this.epoch;
      this.batch = e.batch ?? this.batch;
      this.loss = e.loss ?? null;
    } else if (e.event === 'epoch') {
      this.epoch = (e.epoch ?? this.epoch) + 1;
      this.batch = -1;
    }
  }
}
