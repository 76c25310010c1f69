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
