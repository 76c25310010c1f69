// The library rule must catch what it forbids: lints snippets as a library's files with the shared config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { spectromixLint } from './index.js';

const cwd = fileURLToPath(new URL('.', import.meta.url));

/** The no-restricted-imports messages for `code` linted as `file` of a package with `options`. */
async function restricted(code, file, options) {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: spectromixLint(options) });
  const [result] = await eslint.lintText(code, { filePath: `${cwd}${file}` });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const plugin = "import { installSpectromixKernels } from '@spectromix/webgpu-kernels';\nexport const f = installSpectromixKernels;\n";
const deep = "import { linear } from '@spectromix/webgpu-kernels/ops';\nexport const f = linear;\n";
const backend = "import '@tensorflow/tfjs-backend-webgpu';\n";

test('a library source file may not import the kernels package (root or subpath) nor a backend', async () => {
  const [root] = await restricted(plugin, 'src/ops/select.ts', { library: true });
  assert.match(root ?? '', /Libraries never import a backend plug-in/);
  assert.equal((await restricted(deep, 'src/ops/select.ts', { library: true })).length, 1);
  assert.equal((await restricted(backend, 'src/ops/select.ts', { library: true })).length, 1);
});

test("a library's shipped testing helpers may not import it either", async () => {
  assert.equal((await restricted(plugin, 'src/testing/paths.ts', { library: true })).length, 1);
});

test('test files and apps (no library option) may', async () => {
  assert.deepEqual(await restricted(plugin, 'src/ops/ops.test.ts', { library: true }), []);
  assert.deepEqual(await restricted(plugin, 'src/backend/select.ts', {}), []);
});
