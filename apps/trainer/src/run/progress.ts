import type { StepEvent } from '@spectromix/train';

/** Formats seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Where progress goes: a stream with an optional TTY width. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * The training progress display. On a TTY, one line redrawn in place: epoch, a bar, batch, loss, samples/s and
 * the ETA of the whole run. Elsewhere (CI logs, pipes), a plain line about every 10% of an epoch and at its end.
 */
export class ProgressBar {
  private lastPlain = -1;
  private drawn = false;
  private secondsPerBatch = Number.NaN;

  /**
   * @param epochs total epochs of the run (for the ETA).
   * @param stream where to write (default stderr).
   */
  constructor(
    private readonly epochs: number,
    private readonly stream: ProgressStream = process.stderr,
  ) {}

  /** Shows the state after a step. */
  step(e: StepEvent): void {
    const done = e.batch + 1;
    if (e.epochSeconds > 0 && done > 0) this.secondsPerBatch = e.epochSeconds / done;
    const remaining = (e.batchesPerEpoch - done + (this.epochs - e.epoch - 1) * e.batchesPerEpoch) * this.secondsPerBatch;
    const stats = `${done}/${e.batchesPerEpoch} loss ${e.loss.toFixed(4)} (epoch ${e.epochLoss.toFixed(4)}) ${e.samplesPerSecond.toFixed(1)} samples/s lr ${e.lr.toExponential(2)} ETA ${formatDuration(remaining)}`;
    const head = `epoch ${e.epoch + 1}/${this.epochs}`;
    if (this.stream.isTTY === true) {
      const width = Math.max(10, Math.min(30, (this.stream.columns ?? 100) - head.length - stats.length - 6));
      const filled = Math.round((done / e.batchesPerEpoch) * width);
      this.stream.write(`\r\x1b[2K${head} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}`);
      this.drawn = true;
      return;
    }
    const tenth = Math.floor((done * 10) / e.batchesPerEpoch);
    if (tenth !== this.lastPlain || done === e.batchesPerEpoch) {
      this.lastPlain = done === e.batchesPerEpoch ? -1 : tenth;
      this.stream.write(`${head} ${stats}\n`);
    }
  }

  /** Prints a full line (clearing the bar first on a TTY). */
  line(text: string): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
    this.stream.write(`${text}\n`);
  }
}
