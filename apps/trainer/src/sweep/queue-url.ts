import { ConfigError } from '../errors.js';

/** Environment variable read when `--queue` is not given (keeps a password out of `ps` listings). */
export const QUEUE_ENV = 'SPECTROMIX_QUEUE';

/** A parsed queue address: what BullMQ connects with, and the form that may be printed. */
export interface QueueAddress {
  /** The URL as given, password included: only ever handed to the Redis client. */
  readonly url: string;
  /** The URL with its password (and user name's password part) replaced by `***`: the only form printed. */
  readonly display: string;
  /** Whether the connection uses TLS (`rediss://`). */
  readonly tls: boolean;
}

/**
 * Replaces the password of a `redis://` / `rediss://` URL with `***` (`redis://:pw@host` -> `redis://:***@host`).
 * Text that is not a URL is returned with everything before its last `@` masked, so nothing leaks either way.
 */
export function redactQueueUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    // Not a URL: hide everything up to the last '@' (where a password would end), keeping only a scheme.
    return url.includes('@') ? url.replace(/^(?:([a-z][\w+.-]*:)\/\/)?.*@/i, (_, scheme: string | undefined) => `${scheme != null ? `${scheme}//` : ''}***@`) : url;
  }
}

/**
 * Parses `--queue redis://[user][:password@]host[:port][/db]` (or `rediss://` for TLS); falls back to
 * `$SPECTROMIX_QUEUE`.
 * @throws ConfigError for a missing or malformed address (the message shows it without its password).
 */
export function parseQueueUrl(value: string | undefined): QueueAddress {
  const url = value ?? process.env[QUEUE_ENV];
  if (url == null || url === '') throw new ConfigError(`No queue: pass --queue redis://host:port[/db] (or set ${QUEUE_ENV}), the address of the Valkey/Redis server every worker shares.`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`--queue ${redactQueueUrl(url)} is not a URL; expected redis://[:password@]host:port[/db] or rediss://... for TLS.`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new ConfigError(`--queue ${redactQueueUrl(url)}: the scheme must be redis:// (or rediss:// for TLS), not ${u.protocol}//.`);
  if (u.hostname === '') throw new ConfigError(`--queue ${redactQueueUrl(url)} names no host.`);
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new ConfigError(`--queue ${redactQueueUrl(url)}: the path must be a database number (/0, /1, ...), got /${db}.`);
  return { url, display: redactQueueUrl(url), tls: u.protocol === 'rediss:' };
}
