// tfjs-core ships its gradient definitions only as loose ESM files (dist/gradients/*.js with extensionless
// imports) that Node cannot load, and none of its bundles contain them. This script bundles
// `register_all_gradients` once, at install time, into src/generated/ so that source (tests) and build (dist)
// both register every tfjs gradient without deep imports. Run by the root `postinstall`; safe to re-run.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdirSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'package.json'));
const coreDir = dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
const out = join(here, '..', 'src', 'generated', 'tfjs-gradients.js');
mkdirSync(dirname(out), { recursive: true });
await build({
  entryPoints: [join(coreDir, 'dist', 'register_all_gradients.js')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  minify: true,
  legalComments: 'eof',
  outfile: out,
  logLevel: 'warning',
});
writeFileSync(join(dirname(out), 'tfjs-gradients.d.ts'), 'export {};\n');
console.log(`@spectromix/tensor: bundled tfjs-core gradients into ${out}`);
