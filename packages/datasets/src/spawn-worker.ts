import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FeatureCacheError } from './errors.js';

/** Worker scripts of this package (they sit beside this module: `src/*.ts` in the repo, `dist/*.js` built). */
export type WorkerScript = 'extract-worker' | 'batch-worker';

/**
 * Starts one of this package's worker scripts. From the built package it is plain `dist/<name>.js`. When this
 * package runs from TypeScript source (tests, `tsx --conditions=@spectromix/source`), the worker registers tsx
 * first and resolves workspace packages through the `@spectromix/source` condition, like its parent.
 */
export function spawnWorker(script: WorkerScript, workerData: unknown): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./${script}.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(url, { workerData });
  const code = `import(${JSON.stringify(tsxRegisterUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, workerData, execArgv: ['--conditions=@spectromix/source'] });
}

let tsxUrl: string | undefined;

/** URL of tsx's documented `tsx/esm/api` entry (import condition), for workers started from source. */
function tsxRegisterUrl(): string {
  if (tsxUrl) return tsxUrl;
  try {
    const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
    const entry = pkg.exports['./esm/api']?.import.default;
    if (!entry) throw new Error('tsx has no ./esm/api export');
    tsxUrl = pathToFileURL(join(dirname(pkgPath), entry)).href;
    return tsxUrl;
  } catch (e) {
    throw new FeatureCacheError(
      `worker threads of @spectromix/datasets running from TypeScript source need tsx (${(e as Error).message}); ` +
        'install tsx, use the built package, or pass workers: 0',
    );
  }
}
