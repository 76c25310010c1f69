import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the complete new content, never a part:
 * write to a temporary file in the same folder, fsync it, rename it over the target, then fsync the folder so
 * the rename itself survives a power cut. The temporary file is removed if anything fails.
 * @param path the target file.
 * @param bytes the new content.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  try {
    const fh = await open(tmp, 'w');
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await fh.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await fsyncDir(dir);
}

async function fsyncDir(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } catch (error) {
    // Some file systems (and Windows) refuse fsync on a directory; the rename is still atomic there.
    if (!isUnsupported(error)) throw error;
  } finally {
    await dh.close();
  }
}

function isUnsupported(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'EINVAL' || code === 'EISDIR' || code === 'EPERM' || code === 'ENOTSUP';
}
