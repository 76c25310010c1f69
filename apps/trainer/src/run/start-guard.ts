import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Whether training began in `dir` (a run folder, or a k-fold folder of run folders): a logged step or a checkpoint. */
export function trainingStarted(dir: string, depth = 2): boolean {
  if (!existsSync(dir)) return false;
  const checkpoints = join(dir, 'checkpoints');
  if (existsSync(checkpoints) && readdirSync(checkpoints).some((f) => f.endsWith('.safetensors'))) return true;
  const log = join(dir, 'log.jsonl');
  if (existsSync(log) && readFileSync(log, 'utf8').includes('"event":"step"')) return true;
  if (depth <= 0) return false;
  return readdirSync(dir).some((name) => statSync(join(dir, name)).isDirectory() && trainingStarted(join(dir, name), depth - 1));
}

/**
 * Runs the work of a new run folder; when it fails before training began (a missing data folder, a split that does
 * not fit, no backend), removes the folder, so a failed start leaves nothing behind. A folder where training ran
 * is kept: its log and checkpoints say what happened and `--resume` continues it.
 */
export async function removeRunDirIfNotStarted<T>(dir: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!trainingStarted(dir)) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
