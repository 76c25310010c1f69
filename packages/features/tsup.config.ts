import { defineConfig } from 'tsup';
import { defineSpectromixConfig } from '@spectromix/tsup-config';

export default defineConfig(defineSpectromixConfig({ entry: ['src/index.ts'] }));
