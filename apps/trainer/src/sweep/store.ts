import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataError } from '../errors.js';
import { KEY_PREFIX, QUEUE_NAME, type SweepJobData } from './job.js';
import type { QueueAddress } from './queue-url.js';

/** What `spectromix sweep` records about a sweep besides its jobs (the job ids, for status and results). */
export interface SweepRecord {
  readonly id: string;
  readonly name: string;
  /** Spec file or recipe it came from. */
  readonly source: string;
  /** ISO time of the first submission. */
  readonly created: string;
  /** The jobs' labels, groups and folds, in expansion order. */
  readonly jobs: { readonly label: string; readonly group: string; readonly fold: number | null; readonly variant: string }[];
}

/**
 * The connections of a command that talks to the queue: BullMQ's queue, and a plain client for the sweep
 * records. Commands (not workers) give up after a few reconnection tries instead of waiting forever.
 */
export class SweepStore {
  /** The BullMQ queue of sweep jobs. */
  readonly queue: Queue<SweepJobData>;
  private readonly redis: Redis;
  /** The client's last error (WRONGPASS, ECONNREFUSED...), which explains a failed connection better than its 'Connection is closed'. */
  private lastError: string | undefined;

  constructor(readonly address: QueueAddress) {
    const retryStrategy = (times: number): number | null => (times > 5 ? null : 200 * times);
    this.queue = new Queue<SweepJobData>(QUEUE_NAME, { prefix: KEY_PREFIX, connection: { url: address.url, retryStrategy, maxRetriesPerRequest: 3 } });
    this.redis = new Redis(address.url, { retryStrategy, maxRetriesPerRequest: 3, lazyConnect: true });
    // Errors surface through the failing command; the client's own events would only repeat them (with the host).
    this.queue.on('error', () => undefined);
    this.redis.on('error', (e: Error) => (this.lastError = e.message));
  }

  /** Key of a sweep's record. */
  private key(id: string): string {
    return `${KEY_PREFIX}:sweep:${id}`;
  }

  /** Stores a sweep's record unless one with the same id exists. @returns whether it was new. */
  async saveRecord(record: SweepRecord): Promise<boolean> {
    await this.connect();
    return (await this.redis.set(this.key(record.id), JSON.stringify(record), 'NX')) === 'OK';
  }

  /**
   * A sweep's record.
   * @throws DataError when the server has no sweep of that id.
   */
  async record(id: string): Promise<SweepRecord> {
    await this.connect();
    const text = await this.redis.get(this.key(id));
    if (text == null) {
      const known = (await this.redis.keys(this.key('*'))).map((k) => k.slice(this.key('').length)).sort();
      throw new DataError(`No sweep '${id}' on ${this.address.display}. Sweeps there: ${known.join(', ') || '(none)'}.`);
    }
    return JSON.parse(text) as SweepRecord;
  }

  private async connect(): Promise<void> {
    if (this.redis.status !== 'wait') return;
    try {
      await this.redis.connect();
    } catch (error) {
      throw new DataError(`Cannot reach the queue at ${this.address.display}: ${(this.lastError ?? (error as Error).message).replace(/\.$/, '')}. Is the server running and reachable from here?`);
    }
  }

  /** Closes both connections. */
  async close(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}
