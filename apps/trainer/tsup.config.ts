import { defineConfig } from 'tsup';

// The `spectromix` bin: one ESM entry for Node; workspace packages and npm dependencies stay external (they
// resolve from node_modules, built by `turbo run build` first). For a single self-contained file (GPU hosts
// without Node tooling) use scripts/bundle-device.sh.
export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  dts: false,
  splitting: false,
});
