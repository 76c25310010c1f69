import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tar, tarGz, zip } from '../../test/archives.js';
import { tempDir } from '../../test/helpers.js';
import { ArchiveError, UnsafeArchiveError } from '../errors.js';
import { detectArchiveFormat, extractArchive } from './extract-archive.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;

/** Writes an archive to the temp folder and returns its path and a fresh destination. */
function archive(bytes: Buffer, ext: string): { file: string; dest: string } {
  n++;
  const file = join(tmp.dir, `a${n}.${ext}`);
  writeFileSync(file, bytes);
  return { file, dest: join(tmp.dir, `out${n}`, 'data') };
}

const hello = Buffer.from('hello');
const smallLimits = { ratioThresholdBytes: 1 << 20, maxRatio: 50 };

describe('extractArchive: good archives', () => {
  it('extracts tar.gz, tar and zip with folders and nested files', async () => {
    const entries = [{ name: 'ds/', type: '5' as const }, { name: 'ds/a/x.txt', data: hello }, { name: './ds/b.txt', data: Buffer.from('b') }];
    for (const [bytes, ext] of [[tarGz(entries), 'tar.gz'], [tar(entries), 'tar']] as const) {
      const { file, dest } = archive(bytes, ext);
      expect(await extractArchive(file, dest)).toEqual({ files: 2, bytes: 6 });
      expect(readFileSync(join(dest, 'ds', 'a', 'x.txt'), 'utf8')).toBe('hello');
      expect(readFileSync(join(dest, 'ds', 'b.txt'), 'utf8')).toBe('b');
    }
    const { file, dest } = archive(zip([{ name: 'ds/' }, { name: 'ds/a/x.txt', data: hello, deflate: true }, { name: 'ds/big.bin', data: Buffer.alloc(100_000, 7), deflate: true }]), 'zip');
    const progress: number[] = [];
    expect(await extractArchive(file, dest, { onProgress: (p) => progress.push(p.bytes) })).toEqual({ files: 2, bytes: 100_005 });
    expect(readFileSync(join(dest, 'ds', 'big.bin')).every((b) => b === 7)).toBe(true);
    expect(progress).toEqual([5, 100_005]);
  });

  it('detects formats by content and refuses unknown files', () => {
    expect(detectArchiveFormat(archive(zip([]), 'bin').file)).toBe('zip');
    expect(detectArchiveFormat(archive(tarGz([]), 'bin').file)).toBe('tar.gz');
    expect(detectArchiveFormat(archive(tar([{ name: 'a', data: hello }]), 'bin').file)).toBe('tar');
    expect(() => detectArchiveFormat(archive(Buffer.from('plain text, not an archive'), 'txt').file)).toThrow(ArchiveError);
  });

  it('refuses to extract into an existing folder', async () => {
    const { file } = archive(tarGz([{ name: 'a', data: hello }]), 'tar.gz');
    await expect(extractArchive(file, tmp.dir)).rejects.toThrow('exists already');
  });
});

describe('extractArchive: malicious archives are refused and leave nothing behind', () => {
  const cases: [string, Buffer, string, string][] = [
    ['tar.gz traversal', tarGz([{ name: 'ok.txt', data: hello }, { name: '../evil.txt', data: hello }]), 'tar.gz', "'..'"],
    ['tar nested traversal', tar([{ name: 'a/../../evil.txt', data: hello }]), 'tar', "'..'"],
    ['tar absolute path', tar([{ name: '/tmp/evil.txt', data: hello }]), 'tar', 'absolute'],
    ['tar symlink', tarGz([{ name: 'link', type: '2', linkname: '/etc/passwd' }]), 'tar.gz', 'SymbolicLink'],
    ['tar hard link', tarGz([{ name: 'ok.txt', data: hello }, { name: 'hard', type: '1', linkname: 'ok.txt' }]), 'tar.gz', 'is a Link'],
    ['tar device', tar([{ name: 'dev', type: '3' }]), 'tar', 'CharacterDevice'],
    ['tar.gz bomb (ratio)', tarGz([{ name: 'zeros.bin', data: Buffer.alloc(4 << 20) }]), 'tar.gz', 'decompression bomb'],
    ['zip traversal', zip([{ name: 'ok.txt', data: hello }, { name: '../evil.txt', data: hello }]), 'zip', "'..'"],
    ['zip absolute path', zip([{ name: '/evil.txt', data: hello }]), 'zip', 'absolute'],
    ['zip backslash traversal', zip([{ name: '..\\evil.txt', data: hello }]), 'zip', 'backslash'],
    ['zip symlink', zip([{ name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]), 'zip', 'symbolic link'],
    ['zip bomb (ratio)', zip([{ name: 'zeros.bin', data: Buffer.alloc(4 << 20), deflate: true }]), 'zip', 'decompression bomb'],
  ];

  it.each(cases)('%s', async (_title, bytes, ext, reason) => {
    const { file, dest } = archive(bytes, ext);
    const err = await extractArchive(file, dest, { limits: smallLimits }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toContain(reason);
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(join(dest, '..'))).toEqual([]);
    expect(existsSync(join(tmp.dir, 'evil.txt'))).toBe(false);
  });

  it('refuses entries and totals over the size limits before writing them', async () => {
    const { file, dest } = archive(tarGz([{ name: 'a.bin', data: Buffer.alloc(3000) }, { name: 'b.bin', data: Buffer.alloc(3000) }]), 'tar.gz');
    await expect(extractArchive(file, dest, { limits: { maxEntryBytes: 2000 } })).rejects.toThrow('over the per-file limit of 2000');
    await expect(extractArchive(file, dest, { limits: { maxTotalBytes: 5000 } })).rejects.toThrow('over the limit of 5000');
    await expect(extractArchive(file, dest, { limits: { maxEntries: 1 } })).rejects.toThrow('over the limit of 1 entries');
    const z = archive(zip([{ name: 'a.bin', data: Buffer.alloc(3000) }, { name: 'b.bin', data: Buffer.alloc(3000) }]), 'zip');
    await expect(extractArchive(z.file, z.dest, { limits: { maxTotalBytes: 5000 } })).rejects.toThrow(UnsafeArchiveError);
    expect(existsSync(z.dest)).toBe(false);
  });

  it('fails on a zip entry that inflates to more than it declares, and on corrupt archives', async () => {
    const lying = archive(zip([{ name: 'lies.bin', data: Buffer.alloc(200_000), deflate: true, declaredSize: 10 }]), 'zip');
    await expect(extractArchive(lying.file, lying.dest)).rejects.toThrow(ArchiveError);
    expect(existsSync(lying.dest)).toBe(false);
    const truncated = archive(tarGz([{ name: 'a.bin', data: Buffer.alloc(50_000, 1) }]).subarray(0, 100), 'tar.gz');
    await expect(extractArchive(truncated.file, truncated.dest)).rejects.toThrow(ArchiveError);
    const badZip = archive(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40)]), 'zip');
    await expect(extractArchive(badZip.file, badZip.dest)).rejects.toThrow('not a readable zip');
  });
});
