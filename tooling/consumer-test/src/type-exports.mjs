// The value exports TypeScript promises for each entry point, per resolution mode (import and require), read
// from the installed declarations with the compiler API. Runtime exports must include every one of them: this
// is what catches an `export *` that the bundler dropped while the .d.ts still declares it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * @param {string} projectDir the consumer project (with node_modules)
 * @param {{ specifier: string, import: boolean, require: boolean }[]} entries entry points
 * @returns {{ import: Map<string, string[]>, require: Map<string, string[]> }}
 */
export function declaredValueExports(projectDir, entries) {
  const dir = join(projectDir, 'probe-types');
  mkdirSync(dir, { recursive: true });
  const esm = join(dir, 'probe.mts');
  const cjs = join(dir, 'probe.cts');
  writeFileSync(esm, entries.filter((e) => e.import).map((e, i) => `import * as m${i} from '${e.specifier}';\nvoid m${i};\n`).join(''));
  writeFileSync(cjs, entries.filter((e) => e.require).map((e, i) => `import m${i} = require('${e.specifier}');\nvoid m${i};\n`).join(''));
  const program = ts.createProgram([esm, cjs], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    typeRoots: [join(projectDir, 'node_modules', '@types')],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const read = (file) => {
    const out = new Map();
    const source = program.getSourceFile(file);
    for (const stmt of source.statements) {
      const moduleRef = ts.isImportDeclaration(stmt) ? stmt.moduleSpecifier : ts.isImportEqualsDeclaration(stmt) ? stmt.moduleReference.expression : undefined;
      if (moduleRef == null) continue;
      const spec = moduleRef.text;
      const symbol = checker.getSymbolAtLocation(moduleRef);
      if (symbol == null) throw new Error(`TypeScript cannot resolve '${spec}' from ${file}: its types are missing from the tarball or the exports map.`);
      const names = checker
        .getExportsOfModule(symbol)
        .filter((s) => {
          if (checker.getTypeOnlyAliasDeclaration(s) != null) return false;
          const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
          return (target.flags & ts.SymbolFlags.Value) !== 0;
        })
        .map((s) => s.getName())
        .filter((n) => n !== 'default' && n !== '__esModule');
      out.set(spec, names);
    }
    return out;
  };
  return { import: read(esm), require: read(cjs) };
}
