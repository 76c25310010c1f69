import { build, type Metafile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_DIR } from '../test/build-app.js';

/** Minified and gzip sizes of a browser bundle, split into what loads first and what is imported lazily. */
export interface BundleSize {
  readonly name: string;
  /** Entry chunk plus the chunks it imports statically (loaded before any code runs). */
  readonly initialMin: number;
  readonly initialGzip: number;
  /** Chunks behind dynamic imports (backends not chosen, audio decoders), fetched on first use. */
  readonly lazyMin: number;
  readonly lazyGzip: number;
  /** Minified bytes of the up-front chunks by source package (`tfjs-core`, `tensor`, `dsp`, ...). */
  readonly initialByPackage: Readonly<Record<string, number>>;
  /** Each lazily imported module (a backend, a decoder) and what fetching it adds to the initial chunks. */
  readonly lazy: ReadonlyArray<{ readonly module: string; readonly min: number; readonly gzip: number }>;
}

/** A readable name for a dynamic entry: its package name, or its path inside the workspace. */
function moduleName(entryPoint: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(entryPoint.split('.pnpm/').pop() ?? entryPoint);
  return pkg?.[1] ?? entryPoint.replace(/^(\.\.\/)+/, '');
}

/**
 * Bundles `source` (an ES module's text, resolved from the app's folder) for browsers with esbuild: minified,
 * ESM with code splitting, browser field honoured, workspace packages from source.
 * @param external bare specifiers left out (to measure one package's own code).
 */
export async function measureBundle(name: string, source: string, external: string[] = []): Promise<BundleSize> {
  const dir = mkdtempSync(join(tmpdir(), 'spectromix-size-'));
  const entry = join(APP_DIR, `.size-entry-${process.pid}.ts`);
  writeFileSync(entry, source);
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      minify: true,
      outdir: dir,
      write: false,
      metafile: true,
      external,
      conditions: ['@spectromix/source'],
      logLevel: 'silent',
    });
    const outputs = (result.metafile as Metafile).outputs;
    const bytes = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
    const key = (p: string): string => join(process.cwd(), p);
    const entryName = entry.split('/').pop() as string;
    const entryOut = Object.keys(outputs).find((p) => outputs[p]?.entryPoint?.endsWith(entryName) === true);
    if (entryOut == null) throw new Error('esbuild produced no entry chunk');
    const closure = (start: string): Set<string> => {
      const seen = new Set<string>();
      const visit = (p: string): void => {
        if (seen.has(p)) return;
        seen.add(p);
        for (const imp of outputs[p]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
      };
      visit(start);
      return seen;
    };
    const initial = closure(entryOut);
    const sizes = new Map<string, { min: number; gzip: number }>();
    for (const p of Object.keys(outputs)) {
      if (!p.endsWith('.js')) continue;
      const contents = bytes.get(key(p));
      if (contents == null) throw new Error(`missing output ${p}`);
      sizes.set(p, { min: contents.byteLength, gzip: gzipSync(contents, { level: 9 }).byteLength });
    }
    const lazy = Object.keys(outputs)
      .filter((p) => p !== entryOut && outputs[p]?.entryPoint != null)
      .map((p) => {
        let min = 0;
        let gzip = 0;
        for (const q of closure(p)) {
          if (initial.has(q)) continue;
          min += sizes.get(q)?.min ?? 0;
          gzip += sizes.get(q)?.gzip ?? 0;
        }
        return { module: moduleName(outputs[p]?.entryPoint ?? p), min, gzip };
      })
      .sort((a, b) => a.module.localeCompare(b.module));
    let initialMin = 0;
    let initialGzip = 0;
    let lazyMin = 0;
    let lazyGzip = 0;
    for (const [p, size] of sizes) {
      if (initial.has(p)) {
        initialMin += size.min;
        initialGzip += size.gzip;
      } else {
        lazyMin += size.min;
        lazyGzip += size.gzip;
      }
    }
    const initialByPackage: Record<string, number> = {};
    for (const p of initial) {
      for (const [input, info] of Object.entries(outputs[p]?.inputs ?? {})) {
        const m = /packages\/([^/]+)\//.exec(input) ?? /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(input);
        const pkg = m?.[1] ?? input;
        initialByPackage[pkg] = (initialByPackage[pkg] ?? 0) + info.bytesInOutput;
      }
    }
    return { name, initialMin, initialGzip, lazyMin, lazyGzip, initialByPackage, lazy };
  } finally {
    rmSync(entry, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}
