import { describe, expect, it } from 'vitest';
import { build, type BuildFailure, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * Bundles an entry for the browser exactly as a web app's bundler would (browser field honoured, so modules
 * a package maps to `false` are left out) and returns the Node built-ins that still had to be resolved.
 */
async function nodeModulesInBrowserBundle(entry: string): Promise<{ errors: string[]; inputs: string[] }> {
  try {
    const result = await build({
      entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      conditions: ['@spectromix/source'],
      logLevel: 'silent',
    });
    return { errors: [], inputs: Object.keys((result.metafile as Metafile).inputs) };
  } catch (error) {
    const failure = error as BuildFailure;
    return { errors: (failure.errors ?? []).map((e) => e.text), inputs: [] };
  }
}

describe('browser entry', () => {
  it('bundles with no Node-only module (node:*, fs, path, worker_threads, webgpu/Dawn)', async () => {
    const { errors, inputs } = await nodeModulesInBrowserBundle('./browser.ts');
    expect(errors).toEqual([]);
    const live = inputs.filter((p) => !p.startsWith('(disabled)'));
    expect(live.some((p) => p.includes('tfjs-backend-webgpu'))).toBe(true);
    expect(live.filter((p) => /node_modules\/webgpu\/|tfjs-node|adapters\/dawn|adapters\/tensorflow/.test(p))).toEqual([]);
  }, 60_000);

  it('the same check fails on the Node entry, which pulls Dawn', async () => {
    const { errors } = await nodeModulesInBrowserBundle('./node.ts');
    expect(errors.join('\n')).toMatch(/node:|built into node|webgpu/);
  }, 60_000);
});

describe('bundled apps keep the gradients', () => {
  it('a tree-shaken bundle of @spectromix/tensor still registers tfjs gradients (sideEffects is declared)', async () => {
    const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { execFileSync } = await import('node:child_process');
    const cache = join(process.cwd(), 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'bundle-test-'));
    const result = await build({
      stdin: {
        contents: [
          "import * as tf from '@spectromix/tensor';",
          // The backend stays external (loaded by Node with its own side effects): the test is about ours.
          "import '@tensorflow/tfjs-backend-cpu';",
          "await tf.setBackend('cpu');",
          'const g = tf.grad((x) => tf.sum(tf.mul(tf.add(x, x), x)))(tf.tensor1d([1, 2]));',
          'console.log(JSON.stringify(Array.from(await g.data())));',
        ].join('\n'),
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      minify: true,
      treeShaking: true,
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      conditions: ['@spectromix/source'],
      external: ['@tensorflow/tfjs-backend-cpu'],
      logLevel: 'silent',
    });
    const file = join(dir, 'app.mjs');
    writeFileSync(file, result.outputFiles[0]?.text ?? '');
    const out = execFileSync(process.execPath, [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
    expect(JSON.parse(out ?? '[]')).toEqual([4, 8]);
  }, 60_000);
});
