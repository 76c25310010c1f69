import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's folder. */
export const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
/** Where `vite build` writes. */
export const DIST_DIR = join(APP_DIR, 'dist');

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Workspace packages the app bundles from source. */
const BUNDLED_PACKAGES = ['classifier', 'dsp', 'features', 'asm-rh', 'mixer', 'hfft', 'tensor', 'webgpu-kernels'];

/** Runs `vite build` when dist/ is missing or older than the app's (or its bundled packages') sources. */
export function ensureBuilt(): void {
  const marker = join(DIST_DIR, 'index.html');
  const inputs = [
    ...['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(APP_DIR, p)),
    ...BUNDLED_PACKAGES.map((name) => join(APP_DIR, '..', '..', 'packages', name, 'src')),
  ].filter((p) => existsSync(p));
  if (existsSync(marker) && statSync(marker).mtimeMs >= Math.max(...inputs.map(newestMtime))) return;
  execFileSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: APP_DIR, stdio: 'inherit' });
}
