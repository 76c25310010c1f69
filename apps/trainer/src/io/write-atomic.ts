import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputPathError } from '../errors.js';

/**
 * Writes a result file of the CLI atomically: its folder is created, the content goes to a temporary file beside
 * it, is flushed to disk, then renamed over the target, so readers see the old file or the whole new one, never a
 * part (and a failure leaves no temporary file). Every file the CLI writes outside checkpoints goes through here.
 * @throws OutputPathError (exit code 3) when the file system refuses (no space, permissions, a file in the way).
 */
export function writeFileAtomicSync(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new OutputPathError(`cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ${(error as Error).message}. Free some space or choose another output path.`, { cause: error });
  }
}
