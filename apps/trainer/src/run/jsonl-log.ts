import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringifyWithNonFinite } from '@spectromix/train';

/**
 * An append-only JSON Lines log: one JSON object per line with `event` and `time` (ISO) first. NaN and
 * infinities are written as `{"$number": "NaN"}` so every line stays valid JSON.
 */
export class JsonlLog {
  /** @param path the log file (its folder is created). */
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Appends one event. */
  write(event: string, fields: Record<string, unknown> = {}): void {
    appendFileSync(this.path, `${stringifyWithNonFinite({ event, time: new Date().toISOString(), ...fields })}\n`);
  }
}
