// TypeScript consumers of the installed tarballs: one with moduleResolution nodenext (ESM .mts and CJS .cts
// files), one with moduleResolution bundler. Both import every entry point and hold the README examples.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const COMMON = { target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true, types: ['node'], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'] };

const SETUPS = {
  nodenext: { options: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }, esm: '.mts', cjs: '.cts' },
  bundler: { options: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }, esm: '.ts', cjs: null },
};

/**
 * @param {string} projectDir consumer project
 * @param {{ specifier: string, import: boolean, require: boolean }[]} entries every entry point
 * @param {{ id: string, code: string, mode: string }[]} examples README examples
 * @returns {string[]} failures (one per diagnostic)
 */
export function typecheckConsumers(projectDir, entries, examples) {
  const failures = [];
  for (const [name, setup] of Object.entries(SETUPS)) {
    const dir = join(projectDir, `ts-${name}`);
    mkdirSync(dir, { recursive: true });
    const files = [];
    const write = (file, text) => {
      writeFileSync(join(dir, file), text);
      files.push(join(dir, file));
    };
    write(`entries${setup.esm}`, entries.filter((e) => e.import).map(({ specifier: s }, i) => `import * as m${i} from '${s}';\nexport const n${i}: number = Object.keys(m${i}).length;\n`).join(''));
    if (setup.cjs) write(`entries${setup.cjs}`, entries.filter((e) => e.require).map(({ specifier: s }, i) => `import m${i} = require('${s}');\nexport const n${i}: number = Object.keys(m${i}).length;\n`).join(''));
    for (const e of examples.filter((x) => x.mode !== 'none')) write(`${e.id.replace(/[^\w-]/g, '_')}${setup.esm}`, `${e.code}\nexport {};\n`);
    const program = ts.createProgram(files, { ...COMMON, ...setup.options, typeRoots: [join(projectDir, 'node_modules', '@types')] });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    for (const d of diagnostics) {
      const where = d.file ? `${d.file.fileName.slice(projectDir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      failures.push(`tsc (${name}) ${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
    console.log(`  ${diagnostics.length === 0 ? 'ok  ' : 'FAIL'} TypeScript consumer, moduleResolution ${name}: ${files.length} files, ${diagnostics.length} errors`);
  }
  return failures;
}
