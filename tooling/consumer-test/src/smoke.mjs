// Smoke scripts for every entry point of every exports map, in plain Node ESM (`import`) and CommonJS
// (`require`): the entry loads, and its runtime exports include every value export its declarations promise.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pool, runNode } from './run-node.mjs';

/**
 * @param {string} projectDir consumer project
 * @param {{ specifier: string, import: boolean, require: boolean }[]} entries
 * @param {{ import: Map<string, string[]>, require: Map<string, string[]> }} declared value exports per mode
 * @returns {Promise<string[]>} failures
 */
export async function smokeEntries(projectDir, entries, declared) {
  const dir = join(projectDir, 'smoke');
  mkdirSync(dir, { recursive: true });
  const jobs = entries.flatMap((e) => [
    ...(e.import ? [{ e, mode: 'import', file: join(dir, `${slug(e.specifier)}.mjs`), load: `await import(${JSON.stringify(e.specifier)})` }] : []),
    ...(e.require ? [{ e, mode: 'require', file: join(dir, `${slug(e.specifier)}.cjs`), load: `require(${JSON.stringify(e.specifier)})` }] : []),
  ]);
  const failures = [];
  await pool(jobs, 2, async ({ e, mode, file, load }) => {
    const expected = declared[mode].get(e.specifier) ?? [];
    writeFileSync(
      file,
      `const m = ${load};\n` +
        `const expected = ${JSON.stringify(expected)};\n` +
        `const missing = expected.filter((n) => !(n in m));\n` +
        `if (missing.length > 0) { console.error(\`declared but missing at runtime (\${missing.length} of \${expected.length}): \${missing.slice(0, 12).join(', ')}\${missing.length > 12 ? ', ...' : ''}\`); process.exit(1); }\n` +
        `console.log(Object.keys(m).length);\n`,
    );
    const r = await runNode(file, projectDir);
    const label = `${mode === 'import' ? 'ESM' : 'CJS'} ${e.specifier}`;
    if (r.ok) console.log(`  ok   ${label} (${r.stdout.trim()} exports)`);
    else {
      console.log(`  FAIL ${label}`);
      failures.push(`${label}: ${firstLines(r.stderr, 8)}`);
    }
  });
  return failures;
}

/**
 * The tensor contract from the dist, in both module systems: every tfjs-core export is re-exported, every
 * gradient tfjs-core defines is registered, and `tf.grad` goes through a mixer block.
 * @returns {Promise<string[]>} failures
 */
export async function smokeTensorContract(projectDir) {
  const dir = join(projectDir, 'smoke');
  mkdirSync(dir, { recursive: true });
  const body = `
const fs = await load('node:fs');
const path = await load('node:path');
const core = await load('@tensorflow/tfjs-core');
const tf = await load('@spectromix/tensor');
const { initBackend } = await load('@spectromix/tensor/node');
const { MixerBlock, mlpFactory } = await load('@spectromix/mixer');
await initBackend('cpu');
const missingOps = Object.keys(core).filter((k) => k !== 'default' && !(k in tf));
if (missingOps.length > 0) throw new Error('tfjs-core exports missing from @spectromix/tensor: ' + missingOps.slice(0, 10).join(', '));
// Every gradient tfjs-core defines (its register_all_gradients list), by kernel name.
const coreDir = path.join(process.cwd(), 'node_modules', '@tensorflow', 'tfjs-core', 'dist');
const list = fs.readFileSync(path.join(coreDir, 'register_all_gradients.js'), 'utf8');
const kernels = [...list.matchAll(/from '\\.\\/gradients\\/(\\w+)'/g)].map((m) => {
  const src = fs.readFileSync(path.join(coreDir, 'gradients', m[1] + '.js'), 'utf8');
  const id = /kernelName:\\s*(\\w+)/.exec(src)[1];
  return core[id];
});
if (kernels.length < 90) throw new Error('read only ' + kernels.length + ' gradients from tfjs-core; its layout changed');
const unregistered = kernels.filter((k) => tf.getGradient(k) == null);
if (unregistered.length > 0) throw new Error('gradients not registered through @spectromix/tensor: ' + unregistered.join(', '));
const block = new MixerBlock({ dim: 8, numTokens: 6, tokenMlp: mlpFactory(4), channelMlp: mlpFactory(16) });
const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 1);
const dx = tf.grad((v) => tf.sum(tf.square(block.forward(v))))(x);
const { grads } = tf.variableGrads(() => tf.sum(tf.square(block.forward(x))));
const norm = (g) => tf.sum(tf.abs(g)).dataSync()[0];
const bad = Object.entries(grads).filter(([, g]) => !Number.isFinite(norm(g)) || norm(g) === 0);
if (dx.shape.join() !== '2,6,8' || Object.keys(grads).length === 0 || bad.length > 0) throw new Error('gradients through MixerBlock: ' + dx.shape + ', bad: ' + bad.map(([n]) => n).join(', '));
console.log(kernels.length + ' gradients registered, ' + Object.keys(grads).length + ' parameter gradients through a MixerBlock');
`;
  const esm = join(dir, 'tensor-contract.mjs');
  const cjs = join(dir, 'tensor-contract.cjs');
  writeFileSync(esm, `const load = (s) => import(s);\n${body}`);
  writeFileSync(cjs, `const load = async (s) => require(s);\n(async () => {${body}})().catch((e) => { console.error(e); process.exit(1); });\n`);
  const failures = [];
  for (const [label, file] of [['ESM', esm], ['CJS', cjs]]) {
    const r = await runNode(file, projectDir);
    if (r.ok) console.log(`  ok   ${label} tensor contract: ${r.stdout.trim()}`);
    else {
      console.log(`  FAIL ${label} tensor contract`);
      failures.push(`${label} tensor contract: ${firstLines(r.stderr)}`);
    }
  }
  return failures;
}

function slug(s) {
  return s.replace(/[@/]/g, '_');
}

/** The first lines of an error output (the message, not the whole stack). */
export function firstLines(text, n = 6) {
  return text.trim().split('\n').slice(0, n).join('\n      ');
}
