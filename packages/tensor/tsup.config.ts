import { defineConfig } from 'tsup';
import { defineSpectromixConfig } from '@spectromix/tsup-config';

export default defineConfig(
  defineSpectromixConfig({ entry: ['src/index.ts', 'src/codecs.ts', 'src/node.ts', 'src/browser.ts', 'src/testing.ts'] }),
);
