import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OutputPathError } from '../errors.js';

/** The nearest existing path at or above `path` (the root at worst). */
function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  return p;
}

/** Checks that the folders up to `path` exist or can be created: the nearest existing one is a writable folder. */
function checkCreatable(path: string, flag: string): void {
  const base = nearestExisting(dirname(path));
  if (!statSync(base).isDirectory()) {
    throw new OutputPathError(`${flag} ${path}: ${base} is a file, so nothing can be created inside it. Choose a path in a folder (or move the file away).`);
  }
  try {
    accessSync(base, constants.W_OK | constants.X_OK);
  } catch {
    throw new OutputPathError(`${flag} ${path}: the folder ${base} is not writable. Choose a folder you can write to (or change its permissions).`);
  }
}

/**
 * Checks, before any work, that a result file can be written at `path`: not an existing folder, and its folder
 * exists or can be created and is writable.
 * @param flag the flag that named it, for the message (e.g. `--output`).
 * @returns the absolute path.
 * @throws OutputPathError (exit code 3) saying what to change.
 */
export function checkOutputFile(path: string, flag: string): string {
  const abs = resolve(path);
  if (existsSync(abs) && statSync(abs).isDirectory()) throw new OutputPathError(`${flag} ${abs} is a folder; give the name of a file to write.`);
  checkCreatable(abs, flag);
  return abs;
}

/**
 * Checks, before any work, that `path` is or can become a folder to write into.
 * @returns the absolute path.
 * @throws OutputPathError (exit code 3) saying what to change.
 */
export function checkOutputDir(path: string, flag: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new OutputPathError(`${flag} ${abs} is a file; give a folder (an existing one or one to create).`);
    try {
      accessSync(abs, constants.W_OK | constants.X_OK);
    } catch {
      throw new OutputPathError(`${flag} ${abs}: the folder is not writable. Choose a folder you can write to (or change its permissions).`);
    }
    return abs;
  }
  checkCreatable(abs, flag);
  return abs;
}
