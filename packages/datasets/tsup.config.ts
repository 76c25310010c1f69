import { defineConfig } from 'tsup';
import { defineSpectromixConfig } from '@spectromix/tsup-config';

// The two worker scripts are entries of their own: dist/extract-worker.js and dist/batch-worker.js sit beside
// the chunks that start them (spawn-worker.ts resolves them relative to its own URL; the shared factory gives
// the CJS build an import.meta.url).
export default defineConfig(
  defineSpectromixConfig({
    entry: {
      index: 'src/index.ts',
      node: 'src/node.ts',
      'extract-worker': 'src/extract-worker.ts',
      'batch-worker': 'src/batch-worker.ts',
    },
  }),
);
