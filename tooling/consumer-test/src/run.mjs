// The consumer test: what a user gets from npm, checked outside the workspace. Packs every published library,
// checks each tarball, installs them with npm in a fresh project in the system temp folder, and runs every
// entry point (ESM and CJS), the tensor contract (tfjs ops, gradients, tf.grad through a mixer block), two
// TypeScript consumers, the README examples and a Vite build in Chromium. A second project with only asm-rh,
// tensor, tfjs-core and a backend runs the asm-rh README example and the root README's one.
// SPECTROMIX_KEEP_CONSUMER=1 keeps the temp folder for a look (it is kept anyway when something failed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryPoints } from './entries.mjs';
import { packAll } from './pack.mjs';
import { checkTarball } from './tarball-check.mjs';
import { createProject, PEERS } from './project.mjs';
import { declaredValueExports } from './type-exports.mjs';
import { smokeEntries, smokeTensorContract } from './smoke.mjs';
import { extractExamples, runExamples } from './readme-examples.mjs';
import { typecheckConsumers } from './typecheck.mjs';
import { browserBuild } from './browser.mjs';
import { publishedPackages, repoRoot } from './workspace.mjs';

/** Registry packages the full consumer project installs besides tfjs: the tools a user would have. */
const TOOLS = { typescript: '5.9.3', '@types/node': '^20.19.0', vite: '7.3.8', vitest: '4.0.8' };

const started = Date.now();
const root = mkdtempSync(join(tmpdir(), 'spectromix-consumer-'));
if (root.startsWith(repoRoot)) throw new Error(`the temp folder ${root} is inside the workspace; set TMPDIR elsewhere.`);
const failures = [];
const phase = (name) => console.log(`\n[${((Date.now() - started) / 1000).toFixed(0)} s] ${name}`);

try {
  phase('pack');
  const packed = await packAll(publishedPackages(), join(root, 'tarballs'));
  for (const p of packed) console.log(`  ${p.name} -> ${p.tarball.slice(root.length + 1)}`);

  phase('tarball contents');
  for (const p of packed) failures.push(...checkTarball(p));
  console.log(`  ${failures.length} problems`);

  phase('npm install (full project)');
  const project = join(root, 'project');
  createProject(project, packed, packed.map((p) => p.name), { ...PEERS, ...TOOLS });

  phase('entry points, ESM and CJS');
  const entries = packed.flatMap((p) => entryPoints(p.name, p.manifest));
  const declared = declaredValueExports(project, entries);
  failures.push(...(await smokeEntries(project, entries, declared)));
  failures.push(...(await smokeTensorContract(project)));

  phase('TypeScript consumers');
  const readmes = [...packed.map((p) => ({ name: p.name, readme: join(p.unpacked, 'README.md') })), { name: 'root', readme: join(repoRoot, 'README.md') }];
  const examples = extractExamples(readmes);
  failures.push(...typecheckConsumers(project, entries, examples));

  phase('README examples');
  failures.push(...(await runExamples(project, examples)));

  phase('Vite production build in Chromium');
  failures.push(...(await browserBuild(project)));

  phase('minimal project: asm-rh, tensor, tfjs-core, tfjs-backend-wasm');
  const minimal = join(root, 'minimal');
  createProject(minimal, packed, ['@spectromix/asm-rh', '@spectromix/tensor'], { '@tensorflow/tfjs-core': PEERS['@tensorflow/tfjs-core'], '@tensorflow/tfjs-backend-wasm': PEERS['@tensorflow/tfjs-backend-wasm'] });
  failures.push(...(await runExamples(minimal, examples.filter((e) => e.pkg === '@spectromix/asm-rh' || e.pkg === 'root'))));
} catch (error) {
  failures.push(`consumer test stopped: ${error instanceof Error ? error.stack : String(error)}`);
}

phase(failures.length === 0 ? 'all passed' : `${failures.length} failures`);
for (const f of failures) console.log(`- ${f}`);
if (failures.length === 0 && process.env.SPECTROMIX_KEEP_CONSUMER !== '1') rmSync(root, { recursive: true, force: true });
else console.log(`\nconsumer project kept in ${root}`);
process.exitCode = failures.length === 0 ? 0 : 1;
