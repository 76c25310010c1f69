import { build, type BuildFailure, type Metafile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** What bundling an entry for browsers gave. */
export interface BrowserBundle {
  /** esbuild errors (a Node built-in that could not be resolved shows up here). */
  readonly errors: string[];
  /** Every input file that went into the bundle. */
  readonly inputs: string[];
  /** Minified bytes of all output files. */
  readonly minifiedBytes: number;
  /** Gzip (level 9) bytes of all output files. */
  readonly gzipBytes: number;
}

/**
 * Bundles `entry` (relative to this package) for the browser exactly as a web app's bundler would (browser
 * field honoured, minified, ESM with code splitting so lazily imported backends and decoders count too).
 * @param external packages left out of the bundle (to measure this package's own code).
 */
export async function bundleForBrowser(entry: string, external: string[] = []): Promise<BrowserBundle> {
  try {
    const result = await build({
      entryPoints: [fileURLToPath(new URL(`../${entry}`, import.meta.url))],
      bundle: true,
      splitting: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      minify: true,
      write: false,
      outdir: 'out',
      metafile: true,
      external,
      conditions: ['@spectromix/source'],
      logLevel: 'silent',
    });
    let minifiedBytes = 0;
    let gzipBytes = 0;
    for (const file of result.outputFiles) {
      if (!file.path.endsWith('.js')) continue;
      minifiedBytes += file.contents.byteLength;
      gzipBytes += gzipSync(file.contents, { level: 9 }).byteLength;
    }
    return { errors: [], inputs: Object.keys((result.metafile as Metafile).inputs), minifiedBytes, gzipBytes };
  } catch (error) {
    const failure = error as BuildFailure;
    return { errors: (failure.errors ?? []).map((e) => e.text), inputs: [], minifiedBytes: 0, gzipBytes: 0 };
  }
}
