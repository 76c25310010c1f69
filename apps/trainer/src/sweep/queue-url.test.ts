import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseQueueUrl, redactQueueUrl } from './queue-url.js';

describe('queue URLs', () => {
  it('never shows a password; rediss:// means TLS', () => {
    expect(redactQueueUrl('redis://:s3cret@10.0.0.5:6379/2')).toBe('redis://:***@10.0.0.5:6379/2');
    expect(redactQueueUrl('rediss://user:s3cret@host:6380')).toBe('rediss://user:***@host:6380');
    expect(redactQueueUrl('redis://host:6379')).toBe('redis://host:6379');
    expect(redactQueueUrl('not a url :s3cret@x')).not.toContain('s3cret');
    const a = parseQueueUrl('rediss://:s3cret@host:6380/1');
    expect(a).toEqual({ url: 'rediss://:s3cret@host:6380/1', display: 'rediss://:***@host:6380/1', tls: true });
  });

  it('rejects other schemes, database paths that are not numbers, and no address at all, without echoing the password', () => {
    const message = (url: string | undefined): string => {
      try {
        parseQueueUrl(url);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(message('http://:s3cret@host')).toMatch(/redis:\/\//);
    expect(message('http://:s3cret@host')).not.toContain('s3cret');
    expect(message('redis://:s3cret@host/abc')).toMatch(/database number/);
    const saved = process.env['SPECTROMIX_QUEUE'];
    delete process.env['SPECTROMIX_QUEUE'];
    expect(message(undefined)).toMatch(/--queue/);
    if (saved != null) process.env['SPECTROMIX_QUEUE'] = saved;
  });
});
