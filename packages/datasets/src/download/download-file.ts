import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname } from 'node:path';
import { ChecksumError, DownloadError } from '../errors.js';
import { type Checksum, hashFile } from './checksum.js';
import type { ExtractProgressCallback } from './extract-types.js';

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** Expected size in bytes; checked before the checksum. */
  size?: number;
  /** Expected digest; a mismatch deletes the file and throws ChecksumError. */
  checksum?: Checksum;
  /** Progress (`download`, then `verify`). */
  onProgress?: ExtractProgressCallback;
  /** Cancels the transfer; the partial file stays for a later resume. */
  signal?: AbortSignal;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
  /** Idle socket timeout in milliseconds (default 60 000). */
  timeoutMs?: number;
}

/** What {@link downloadFile} did. */
export interface DownloadResult {
  /** The complete, verified file. */
  path: string;
  /** Its size. */
  bytes: number;
  /** Bytes that were already there from an interrupted earlier attempt (0 for a fresh download). */
  resumedFrom: number;
  /** True when the file was already complete and verified, and nothing was fetched. */
  cached: boolean;
}

/**
 * Downloads `url` (http or https, following redirects) to `dest`, resumably: bytes go to `dest.partial`, and a
 * later call continues from its size with an HTTP Range request (a server that ignores Range restarts it from
 * zero). Once complete, the size and checksum are verified and the file is renamed to `dest`. An existing
 * `dest` is verified and kept. A dropped connection keeps the partial file and throws DownloadError: call again
 * to resume.
 * @throws DownloadError on HTTP errors, timeouts, interruptions and size mismatches; ChecksumError on a digest
 * mismatch (the file is deleted).
 */
export async function downloadFile(url: string, dest: string, options: DownloadFileOptions = {}): Promise<DownloadResult> {
  mkdirSync(dirname(dest), { recursive: true });
  if (existsSync(dest)) {
    await verify(dest, options);
    return { path: dest, bytes: statSync(dest).size, resumedFrom: 0, cached: true };
  }
  const partial = `${dest}.partial`;
  let start = existsSync(partial) ? statSync(partial).size : 0;
  if (options.size !== undefined && start > options.size) {
    rmSync(partial);
    start = 0;
  }
  const resumedFrom = start;
  if (options.size === undefined || start < options.size) await fetchInto(url, partial, start, options);
  await verify(partial, options);
  renameSync(partial, dest);
  return { path: dest, bytes: statSync(dest).size, resumedFrom, cached: false };
}

async function verify(path: string, options: DownloadFileOptions): Promise<void> {
  const size = statSync(path).size;
  if (options.size !== undefined && size !== options.size) {
    rmSync(path);
    throw new DownloadError(`'${path}' has ${size} bytes, the source table says ${options.size}; the file was deleted, download it again`);
  }
  if (options.checksum) {
    const actual = await hashFile(path, options.checksum.algorithm, options.onProgress, size);
    if (actual !== options.checksum.value.toLowerCase()) {
      rmSync(path);
      throw new ChecksumError(path, options.checksum.algorithm, options.checksum.value, actual);
    }
  }
}

async function fetchInto(url: string, partial: string, start: number, options: DownloadFileOptions): Promise<void> {
  const response = await request(url, start, options, options.maxRedirects ?? 5);
  const status = response.statusCode ?? 0;
  if (status === 416 && start > 0) {
    response.resume();
    return; // the partial file already holds every byte; verify() decides
  }
  let offset = start;
  if (status === 200) offset = 0;
  else if (status === 206) {
    const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers['content-range'] ?? '');
    if (!range || Number(range[1]) !== start) {
      response.resume();
      throw new DownloadError(`${url}: the server answered the range request from byte ${start} with '${response.headers['content-range'] ?? ''}'`);
    }
  } else {
    response.resume();
    throw new DownloadError(`${url}: HTTP ${status} ${response.statusMessage ?? ''}`.trim());
  }
  const length = response.headers['content-length'] === undefined ? undefined : Number(response.headers['content-length']);
  const totalBytes = length === undefined ? options.size : offset + length;
  const out = createWriteStream(partial, { flags: offset === 0 ? 'w' : 'a' });
  let bytes = offset;
  let lastReport = 0;
  await new Promise<void>((done, fail) => {
    const interrupted = (why: string): void => {
      out.end(() => fail(new DownloadError(`${url}: ${why} after ${bytes} bytes; ${partial} is kept, call again to resume`)));
    };
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (!out.write(chunk)) {
        response.pause();
        out.once('drain', () => response.resume());
      }
      const now = Date.now();
      if (options.onProgress && now - lastReport >= 200) {
        lastReport = now;
        options.onProgress({ phase: 'download', file: partial, bytes, ...(totalBytes !== undefined ? { totalBytes } : {}) });
      }
    });
    response.on('aborted', () => interrupted('the connection was closed'));
    response.on('error', (e) => interrupted(e.message));
    response.on('end', () => {
      if (length !== undefined && bytes - offset < length) return interrupted(`the body ended early (${length} bytes announced)`);
      out.end(() => {
        options.onProgress?.({ phase: 'download', file: partial, bytes, ...(totalBytes !== undefined ? { totalBytes } : {}) });
        done();
      });
    });
    out.on('error', (e) => fail(new DownloadError(`writing ${partial} failed: ${e.message}`)));
  });
}

function request(url: string, start: number, options: DownloadFileOptions, redirectsLeft: number): Promise<IncomingMessage> {
  return new Promise((done, fail) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      fail(new DownloadError(`'${url}' is not a valid URL`));
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      fail(new DownloadError(`'${url}': only http and https downloads are supported`));
      return;
    }
    const get = parsed.protocol === 'https:' ? httpsGet : httpGet;
    const req = get(
      parsed,
      { headers: start > 0 ? { range: `bytes=${start}-` } : {}, ...(options.signal ? { signal: options.signal } : {}) },
      (res) => {
        const status = res.statusCode ?? 0;
        if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
          res.resume();
          if (redirectsLeft <= 0) fail(new DownloadError(`${url}: too many redirects`));
          else done(request(new URL(res.headers.location, parsed).href, start, options, redirectsLeft - 1));
          return;
        }
        done(res);
      },
    );
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error(`no data for ${options.timeoutMs ?? 60_000} ms`)));
    req.on('error', (e) => fail(new DownloadError(`${url}: ${e.message}`)));
  });
}
