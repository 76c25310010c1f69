// The TypeScript code blocks of each package README, as the tarball ships it. A block runs by default (type-checked,
// then executed in ESM and in CommonJS against the installed tarballs). The fence's info string can say otherwise,
// always with a reason that the test prints:
//
//   ```ts test=typecheck reason="needs a GPU (WebGPU through Dawn)"   type-checked, not executed
//   ```ts test=none reason="API summary, not a program"               neither (signatures, fragments)
//   ```ts files=yes.wav:packages/dsp/fixtures/x.wav                   copies repo files into the example's folder
//   ```ts backend=cpu                                                  a module for an app that already chose a
//                                                                       backend: the test runs initBackend first
//
// GitHub renders these fences as plain TypeScript (it reads the first word only).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { firstLines } from './smoke.mjs';
import { pool, runNode } from './run-node.mjs';
import { repoRoot } from './workspace.mjs';

const MODES = new Set(['run', 'typecheck', 'none']);

/**
 * @param {{ name: string, readme: string }[]} sources each README with the package (or 'root') it belongs to
 * @returns {{ id: string, pkg: string, line: number, code: string, mode: string, reason?: string, files: [string, string][] }[]}
 */
export function extractExamples(sources) {
  const examples = [];
  for (const { name, readme } of sources) {
    if (!existsSync(readme)) throw new Error(`${name}: ${readme} does not exist (every tarball ships its README).`);
    const lines = readFileSync(readme, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(ts|typescript)\b(.*)$/.exec(lines[i]);
      if (open == null) continue;
      const start = i;
      const body = [];
      while (++i < lines.length && !lines[i].startsWith('```')) body.push(lines[i]);
      const info = parseInfo(open[2]);
      const mode = info.test ?? 'run';
      const where = `${name} README.md:${start + 1}`;
      if (!MODES.has(mode)) throw new Error(`${where}: test=${mode} is not one of ${[...MODES].join(', ')}.`);
      if (mode !== 'run' && !info.reason) throw new Error(`${where}: test=${mode} needs reason="..." (why this example cannot run in the consumer test).`);
      const files = (info.files ?? '').split(',').filter(Boolean).map((pair) => pair.split(':'));
      const setup = info.backend ? `import { initBackend as initBackendFirst } from '@spectromix/tensor/node';\nawait initBackendFirst(${JSON.stringify(info.backend)});\n` : '';
      examples.push({ id: `${name.split('/').pop()}-L${start + 1}`, where, pkg: name, line: start + 1, code: setup + body.join('\n'), mode, reason: info.reason, files });
    }
  }
  return examples;
}

function parseInfo(text) {
  const out = {};
  for (const m of text.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)) out[m[1]] = m[2] ?? m[3];
  return out;
}

/** The example as an ES module and as a CommonJS script (wrapped so top-level await works there too). */
function transpile(code) {
  const options = (module) => ({ compilerOptions: { module, target: ts.ScriptTarget.ES2022, esModuleInterop: true, verbatimModuleSyntax: false } });
  const esm = ts.transpileModule(code, options(ts.ModuleKind.ES2022)).outputText;
  const cjsBody = ts.transpileModule(code, options(ts.ModuleKind.CommonJS)).outputText;
  const cjs = `(async () => {\n${cjsBody}\n})().catch((error) => { console.error(error); process.exit(1); });\n`;
  return { esm, cjs };
}

/**
 * Runs every `run` example in ESM and CJS, each in its own folder inside the consumer project.
 * @returns {Promise<string[]>} failures
 */
export async function runExamples(projectDir, examples) {
  const failures = [];
  const jobs = examples.filter((e) => e.mode === 'run').flatMap((e) => ['mjs', 'cjs'].map((ext) => ({ e, ext })));
  await pool(jobs, 2, async ({ e, ext }) => {
    const dir = join(projectDir, 'examples', `${e.id}-${ext}`);
    mkdirSync(dir, { recursive: true });
    for (const [target, source] of e.files) copyFileSync(join(repoRoot, source), join(dir, target));
    const { esm, cjs } = transpile(e.code);
    const file = join(dir, `example.${ext}`);
    writeFileSync(file, ext === 'mjs' ? esm : cjs);
    const r = await runNode(file, dir, 300_000);
    const label = `${ext === 'mjs' ? 'ESM' : 'CJS'} ${e.where}`;
    if (r.ok) console.log(`  ok   ${label}`);
    else {
      console.log(`  FAIL ${label}`);
      failures.push(`${label}: ${firstLines(r.stderr, 10)}`);
    }
  });
  for (const e of examples.filter((x) => x.mode !== 'run')) console.log(`  ${e.mode === 'typecheck' ? 'tc  ' : 'none'} ${e.where}: ${e.reason}`);
  return failures;
}
