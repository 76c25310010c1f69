// Downloads end to end against a node:http server on 127.0.0.1 serving archives made in the test.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarGz, zip } from '../../test/archives.js';
import { FIXTURES, tempDir, tone, wavBytes } from '../../test/helpers.js';
import { type Loopback, startLoopback } from '../../test/loopback-server.js';
import { ArchiveError, ChecksumError, DatasetOptionsError, DownloadError, UnsafeArchiveError } from '../errors.js';
import { loadEsc50 } from '../loaders/esc50.js';
import { loadSpeechCommands } from '../loaders/speech-commands.js';
import { downloadDataset } from './download-dataset.js';
import { downloadFile } from './download-file.js';
import type { TransferProgress } from './extract-types.js';
import type { DatasetSource } from './sources.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const tmp = tempDir();
let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

const clip = wavBytes(tone(440, 0.05));
/** A miniature Speech Commands tarball in the published layout (files at the archive's top level). */
const speechTar = tarGz([
  { name: './validation_list.txt', data: Buffer.from('yes/bbbb_nohash_0.wav\n') },
  { name: './testing_list.txt', data: Buffer.from('no/cccc_nohash_0.wav\n') },
  { name: './yes/aaaa_nohash_0.wav', data: clip },
  { name: './yes/bbbb_nohash_0.wav', data: clip },
  { name: './no/cccc_nohash_0.wav', data: clip },
  { name: './_background_noise_/noise.wav', data: wavBytes(tone(100, 1.5)) },
]);
const payload = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));

function source(url: string, extra: Partial<DatasetSource> = {}, checksum?: { algorithm: 'sha256' | 'md5'; value: string }): DatasetSource {
  return {
    title: 'test',
    homepage: 'http://127.0.0.1/',
    license: 'test',
    approximateSize: '1 kB',
    archives: [{ url, fileName: url.split('/').pop() as string, ...(checksum ? { checksum } : {}), provenance: 'made in the test' }],
    root: '',
    expect: ['validation_list.txt', 'yes'],
    ...extra,
  };
}

describe('downloadDataset (loopback)', () => {
  it('downloads, verifies, extracts once and returns a root the loader reads; the second call is cached', async () => {
    server.routes.set('/sc.tar.gz', { body: speechTar });
    const sources = { sc: source(server.url('/sc.tar.gz'), {}, { algorithm: 'sha256', value: sha256(speechTar) }) };
    const phases = new Set<TransferProgress['phase']>();
    const cacheDir = join(tmp.dir, 'cache1');
    const { root } = await downloadDataset('sc', { cacheDir, sources, onProgress: (p) => phases.add(p.phase) });
    expect([...phases].sort()).toEqual(['download', 'extract', 'verify']);
    const ds = await loadSpeechCommands(root);
    expect(ds.records.map((r) => [r.label, r.split])).toEqual([['no', 'test'], ['yes', 'train'], ['yes', 'validation']]);
    expect(existsSync(join(cacheDir, 'downloads', 'sc.tar.gz'))).toBe(false);
    const before = server.requests.length;
    expect((await downloadDataset('sc', { cacheDir, sources })).root).toBe(root);
    expect(server.requests.length).toBe(before);
  });

  it('extracts a zip into its root folder (ESC-50 layout, md5 checked)', async () => {
    const base = join(FIXTURES, 'esc50', 'ESC-50-master');
    const entries = [
      { name: 'ESC-50-master/meta/esc50.csv', data: readFileSync(join(base, 'meta', 'esc50.csv')) },
      ...readdirSync(join(base, 'audio')).map((f) => ({ name: `ESC-50-master/audio/${f}`, data: readFileSync(join(base, 'audio', f)), deflate: true })),
    ];
    const body = zip(entries);
    server.routes.set('/esc.zip', { body });
    const sources = { esc: source(server.url('/esc.zip'), { root: 'ESC-50-master', expect: ['ESC-50-master/meta/esc50.csv'] }, { algorithm: 'md5', value: md5(body) }) };
    const { root } = await downloadDataset('esc', { cacheDir: join(tmp.dir, 'cache2'), sources, keepArchives: true });
    expect((await loadEsc50(root)).records).toHaveLength(10);
    expect(existsSync(join(tmp.dir, 'cache2', 'downloads', 'esc.zip'))).toBe(true);
  });

  it('refuses a malicious archive and keeps nothing of it', async () => {
    const evil = tarGz([{ name: 'validation_list.txt', data: clip }, { name: 'yes/../../../escaped.txt', data: clip }]);
    server.routes.set('/evil.tar.gz', { body: evil });
    const cacheDir = join(tmp.dir, 'cache3');
    await expect(downloadDataset('evil', { cacheDir, sources: { evil: source(server.url('/evil.tar.gz')) } })).rejects.toThrow(UnsafeArchiveError);
    expect(readdirSync(cacheDir)).toEqual(['downloads']);
    expect(existsSync(join(tmp.dir, 'escaped.txt'))).toBe(false);
  });

  it('refuses an archive without the expected structure, and an unknown dataset name', async () => {
    const other = tarGz([{ name: 'readme.txt', data: clip }]);
    server.routes.set('/other.tar.gz', { body: other });
    const cacheDir = join(tmp.dir, 'cache4');
    await expect(downloadDataset('x', { cacheDir, sources: { x: source(server.url('/other.tar.gz')) } })).rejects.toThrow(ArchiveError);
    await expect(downloadDataset('x', { cacheDir, sources: { x: source(server.url('/other.tar.gz')) } })).rejects.toThrow("'validation_list.txt', 'yes' not found");
    expect(existsSync(join(cacheDir, 'x'))).toBe(false);
    await expect(downloadDataset('nope', { cacheDir })).rejects.toThrow(DatasetOptionsError);
    await expect(downloadDataset('nope', { cacheDir })).rejects.toThrow('speech-commands-v2');
  });
});

describe('downloadFile (loopback)', () => {
  it('resumes an interrupted download with an HTTP Range request', async () => {
    server.routes.set('/drop.bin', { body: payload, dropFirstAfter: 120_000 });
    const dest = join(tmp.dir, 'dl', 'drop.bin');
    const first = await downloadFile(server.url('/drop.bin'), dest).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DownloadError);
    expect((first as Error).message).toContain('call again to resume');
    const kept = statSync(`${dest}.partial`).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(payload.length);
    const result = await downloadFile(server.url('/drop.bin'), dest, { checksum: { algorithm: 'sha256', value: sha256(payload) }, size: payload.length });
    expect(result).toMatchObject({ resumedFrom: kept, cached: false, bytes: payload.length });
    expect(server.requests.filter((r) => r.path === '/drop.bin').map((r) => r.range)).toEqual([undefined, `bytes=${kept}-`]);
    expect(readFileSync(dest).equals(payload)).toBe(true);
    expect(existsSync(`${dest}.partial`)).toBe(false);
    expect((await downloadFile(server.url('/drop.bin'), dest, { size: payload.length })).cached).toBe(true);
  });

  it('starts over when the server ignores Range', async () => {
    server.routes.set('/norange.bin', { body: payload, ignoreRange: true });
    const dest = join(tmp.dir, 'dl', 'norange.bin');
    writeFileSync(`${dest}.partial`, payload.subarray(0, 1000));
    await downloadFile(server.url('/norange.bin'), dest, { size: payload.length });
    expect(readFileSync(dest).equals(payload)).toBe(true);
  });

  it('deletes the file and throws ChecksumError on a checksum mismatch', async () => {
    server.routes.set('/bad.bin', { body: payload });
    const dest = join(tmp.dir, 'dl', 'bad.bin');
    const err = await downloadFile(server.url('/bad.bin'), dest, { checksum: { algorithm: 'sha256', value: sha256(Buffer.from('other')) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as ChecksumError).actual).toBe(sha256(payload));
    expect(existsSync(dest) || existsSync(`${dest}.partial`)).toBe(false);
  });

  it('checks the size, follows redirects and reports HTTP errors', async () => {
    server.routes.set('/real.bin', { body: payload });
    server.routes.set('/moved.bin', { body: Buffer.alloc(0), redirectTo: '/real.bin' });
    const dest = join(tmp.dir, 'dl', 'moved.bin');
    await expect(downloadFile(server.url('/moved.bin'), dest, { size: 5 })).rejects.toThrow('the source table says 5');
    expect(existsSync(`${dest}.partial`)).toBe(false);
    await downloadFile(server.url('/moved.bin'), dest);
    expect(readFileSync(dest).equals(payload)).toBe(true);
    await expect(downloadFile(server.url('/missing.bin'), join(tmp.dir, 'dl', 'missing.bin'))).rejects.toThrow('HTTP 404');
    await expect(downloadFile('ftp://example.org/x', join(tmp.dir, 'dl', 'x'))).rejects.toThrow('only http and https');
  });
});
