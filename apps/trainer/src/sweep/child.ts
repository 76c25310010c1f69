import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DirectoryCheckpointStore, readCheckpointMetaFile } from '@spectromix/train/node';
import { resolveRunConfig, validateRunConfig } from '../config/resolve.js';
import type { RunConfig } from '../config/schema.js';
import { checkpointRunConfig } from '../model/load-model.js';
import { runPaths } from '../run/run-dir.js';
import { trainRun } from '../run/train-run.js';
import { isUnrecoverable, type ChildFailure } from './failures.js';

/** What a worker hands the child process that trains one job (a JSON file in the run folder). */
export interface ChildJob {
  /** The run folder. */
  readonly dir: string;
  /** The job's validated configuration, with the worker's backend. */
  readonly config: RunConfig;
}

/** Name of the file a finished job leaves in its run folder (after the report and export: the run is complete). */
export const DONE_FILE = 'sweep-done.json';
/** Name of the job file a worker writes for its child. */
export const JOB_FILE = 'sweep-job.json';

/**
 * The child side of a worker (`spectromix sweep-job <file>`, started by `spectromix worker` only): trains one job
 * in its run folder, resuming from the folder's newest checkpoint when there is one, exactly as `train --resume`
 * does. It stops (after a checkpoint) when its worker dies, so a killed worker never leaves a trainer behind to
 * race the one that takes the job over.
 */
export async function sweepJobChild(file: string): Promise<void> {
  const controller = new AbortController();
  // The worker talks to us over an IPC channel; it closes when the worker exits, even after kill -9.
  process.on('disconnect', () => {
    controller.abort();
    setTimeout(() => process.exit(1), 30_000).unref();
  });
  process.on('SIGTERM', () => controller.abort());
  try {
    const job = JSON.parse(readFileSync(file, 'utf8')) as ChildJob;
    const fresh = validateRunConfig(job.config, `job ${file}`);
    const paths = runPaths(job.dir);
    mkdirSync(paths.dir, { recursive: true });
    const store = new DirectoryCheckpointStore(paths.checkpoints);
    const checkpoint = (await store.list()).pop();
    let config = fresh;
    if (checkpoint != null) {
      // As `train --resume`: the checkpoint's own configuration, with only the machine-dependent settings of this worker.
      const saved = checkpointRunConfig(await readCheckpointMetaFile(checkpoint), checkpoint);
      const d = fresh.data;
      config = resolveRunConfig({ base: saved, flags: { run: { backend: fresh.run.backend }, data: { root: d.root, cacheDir: d.cacheDir, workers: d.workers } } }).config;
      console.log(`Resuming from ${checkpoint}`);
    }
    await trainRun(config, { paths, ...(checkpoint != null ? { resume: checkpoint } : {}), signal: controller.signal });
    writeFileSync(join(paths.dir, DONE_FILE), `${JSON.stringify({ finished: new Date().toISOString() })}\n`);
    process.exit(0);
  } catch (error) {
    const e = error as Error;
    const failure: ChildFailure = { type: 'failure', name: e?.name ?? 'Error', message: e?.message ?? String(error), unrecoverable: isUnrecoverable(e?.name ?? '') };
    process.stderr.write(`${failure.name}: ${failure.message}\n${e?.stack ?? ''}\n`);
    if (process.send != null && process.connected) process.send(failure, () => process.exit(1));
    else process.exit(1);
  }
}

/** Whether a run folder holds a finished job. */
export function isDone(dir: string): boolean {
  return existsSync(join(dir, DONE_FILE)) && existsSync(join(dir, 'result.json'));
}
