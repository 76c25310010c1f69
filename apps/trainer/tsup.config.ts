import { defineConfig } from 'tsup';

// The `spectromix` bin: dist/cli.js plus the two worker-thread entries of @spectromix/datasets it starts
// (extract-worker.js, batch-worker.js are looked up next to the module that spawns them). Workspace packages are
// bundled from their TypeScript source, so the bin does not depend on their dist builds; npm dependencies
// of this app (tfjs, its backends, webgpu, vega, zod, commander) stay external and resolve from node_modules;
// dependencies of the workspace packages (the audio decoders) are inlined with them.
// ignoreAnnotations: tfjs-core and @spectromix/tensor declare `sideEffects: false`, but registering gradients
// on import is a side effect the bin must keep. For one self-contained file (GPU hosts) see
// scripts/bundle-device.sh.
export default defineConfig({
  entry: {
    cli: 'src/cli.ts',
    'extract-worker': '../../packages/datasets/src/extract-worker.ts',
    'batch-worker': '../../packages/datasets/src/batch-worker.ts',
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  dts: false,
  splitting: false,
  noExternal: [/^@spectromix\//],
  // CommonJS dependencies of the workspace packages that get inlined call `require`: give ESM one.
  banner: { js: "import { createRequire as __spxCreateRequire } from 'node:module'; const require = __spxCreateRequire(import.meta.url);" },
  esbuildOptions(options) {
    options.conditions = ['@spectromix/source', 'import', 'module', 'default'];
    options.ignoreAnnotations = true;
  },
});
