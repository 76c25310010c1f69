import { defineConfig, type Plugin } from 'vite';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const WASM_DIR = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/**
 * Serves tfjs's WASM binaries under `tfjs-wasm/` (dev server) and emits them there (build), so the
 * classifier's `wasmPaths` can point at the page's own origin: no CDN, works offline.
 */
function tfjsWasmFiles(): Plugin {
  return {
    name: 'spectromix-tfjs-wasm-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.split('?')[0]?.replace(/^.*\/tfjs-wasm\//, '');
        if (req.url?.includes('/tfjs-wasm/') && name != null && WASM_FILES.includes(name)) {
          res.setHeader('Content-Type', 'application/wasm');
          res.end(readFileSync(join(WASM_DIR, name)));
          return;
        }
        next();
      });
    },
    generateBundle() {
      for (const name of WASM_FILES) {
        this.emitFile({ type: 'asset', fileName: `tfjs-wasm/${name}`, source: readFileSync(join(WASM_DIR, name)) });
      }
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the built app works from any sub-path (GitHub Pages, a static host's folder).
  base: './',
  resolve: { conditions: ['@spectromix/source'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, reportCompressedSize: false },
  plugins: [tfjsWasmFiles()],
});
