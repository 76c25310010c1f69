import { ClassifierOptionError } from './errors.js';

/**
 * A fixed-size ring of audio samples that always holds the most recent `capacity` samples pushed into it.
 * Live listening keeps one of the model's window length and classifies a snapshot every hop.
 */
export class RingBuffer {
  private readonly data: Float32Array;
  private writeIndex = 0;
  private filled = 0;
  private written = 0;

  /** @param capacity samples kept (the model's window at the capture sample rate). */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new ClassifierOptionError(`RingBuffer capacity must be a positive integer number of samples; got ${capacity}.`);
    }
    this.data = new Float32Array(capacity);
  }

  /** Samples currently held (grows to `capacity`, then stays there). */
  get length(): number {
    return this.filled;
  }

  /** Samples pushed since creation (or the last `clear`), including those already overwritten. */
  get totalWritten(): number {
    return this.written;
  }

  /** Appends samples, overwriting the oldest once full. A chunk longer than the ring keeps only its tail. */
  push(samples: Float32Array): void {
    this.written += samples.length;
    let chunk = samples;
    if (chunk.length >= this.capacity) {
      chunk = chunk.subarray(chunk.length - this.capacity);
      this.data.set(chunk);
      this.writeIndex = 0;
      this.filled = this.capacity;
      return;
    }
    const first = Math.min(chunk.length, this.capacity - this.writeIndex);
    this.data.set(chunk.subarray(0, first), this.writeIndex);
    this.data.set(chunk.subarray(first), 0);
    this.writeIndex = (this.writeIndex + chunk.length) % this.capacity;
    this.filled = Math.min(this.capacity, this.filled + chunk.length);
  }

  /** The held samples in time order (oldest first), as a new array of `length` samples. */
  snapshot(): Float32Array {
    const out = new Float32Array(this.filled);
    if (this.filled < this.capacity) {
      out.set(this.data.subarray(0, this.filled));
      return out;
    }
    out.set(this.data.subarray(this.writeIndex));
    out.set(this.data.subarray(0, this.writeIndex), this.capacity - this.writeIndex);
    return out;
  }

  /** Forgets every sample. */
  clear(): void {
    this.writeIndex = 0;
    this.filled = 0;
    this.written = 0;
  }
}
