import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { APP_DIR } from '../test/build-app.js';

/** Sizes of the built app, as a browser fetches it. */
export interface AppSize {
  /** JS and CSS the page loads before it runs (entry chunk, its static imports, the stylesheet, index.html). */
  readonly initialMin: number;
  readonly initialGzip: number;
  /** JS behind dynamic imports (backends, audio decoders), fetched on first use. */
  readonly lazyJsMin: number;
  readonly lazyJsGzip: number;
  /** tfjs's WASM binaries (only the one the wasm backend picks is fetched). */
  readonly wasmBytes: number;
  /** The bundled models under models/. */
  readonly modelBytes: number;
}

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly css?: readonly string[];
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

/** Builds the app into a temporary folder with a manifest and measures what it ships. */
export function measureApp(): AppSize {
  const out = mkdtempSync(join(tmpdir(), 'spectromix-app-'));
  try {
    execFileSync('pnpm', ['exec', 'vite', 'build', '--outDir', out, '--emptyOutDir', '--manifest', '--logLevel', 'warn'], { cwd: APP_DIR, stdio: 'inherit' });
    const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const initialFiles = new Set<string>(['index.html']);
    const visit = (key: string): void => {
      const chunk = manifest[key];
      if (chunk == null || initialFiles.has(chunk.file)) return;
      initialFiles.add(chunk.file);
      for (const css of chunk.css ?? []) initialFiles.add(css);
      for (const imp of chunk.imports ?? []) visit(imp);
    };
    for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
    const sizeOf = (file: string): { min: number; gzip: number } => {
      const bytes = readFileSync(join(out, file));
      return { min: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
    };
    let initialMin = 0;
    let initialGzip = 0;
    for (const file of initialFiles) {
      const s = sizeOf(file);
      initialMin += s.min;
      initialGzip += s.gzip;
    }
    let lazyJsMin = 0;
    let lazyJsGzip = 0;
    for (const file of readdirSync(join(out, 'assets'))) {
      if (!file.endsWith('.js') || initialFiles.has(`assets/${file}`)) continue;
      const s = sizeOf(`assets/${file}`);
      lazyJsMin += s.min;
      lazyJsGzip += s.gzip;
    }
    return { initialMin, initialGzip, lazyJsMin, lazyJsGzip, wasmBytes: folderBytes(join(out, 'tfjs-wasm')), modelBytes: folderBytes(join(out, 'models')) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
