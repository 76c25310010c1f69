// The one build config every spectromix package uses. Each top-level entry becomes its own output file so
// consumers tree-shake per entry; ESM is the primary format, CJS is emitted where a package allows it.
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** @param {{ entry: string[] | Record<string,string>, cjs?: boolean, external?: string[], platform?: 'node'|'neutral'|'browser' }} options */
export function defineSpectromixConfig(options) {
  return {
    entry: options.entry,
    format: options.cjs === false ? ['esm'] : ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'es2022',
    platform: options.platform ?? 'neutral',
    outDir: 'dist',
    external: options.external ?? [],
    esbuildPlugins: [entryImportsStayImports(options.entry)],
    // CommonJS has no import.meta.url: give it one computed from __filename. tsup's `shims` would do the same
    // through an injected file outside the package, which the published source maps would then name.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: ({ format }) =>
      format === 'cjs'
        ? { js: "var importMetaUrl = /* @__PURE__ */ (() => typeof document === 'undefined' ? require('node:url').pathToFileURL(__filename).href : (document.currentScript && document.currentScript.src) || new URL('main.js', document.baseURI).href)();" }
        : {},
    esbuildOptions(o, { format }) {
      // Bundled code never reads the source condition; keep it from leaking into output resolution.
      o.conditions = ['import', 'module', 'default'];
      if (format !== 'cjs') delete o.define['import.meta.url'];
    },
  };
}

/**
 * An import of another entry point of the same package stays an import of that entry's built file instead of
 * pulling the module into a shared chunk. esbuild's code splitting cannot carry `export * from '<external>'`
 * through a shared chunk into the entry that re-exports it: when `testing.ts` imported `index.ts`, the built
 * `index.js` lost `export * from '@tensorflow/tfjs-core'` and with it every tfjs op. Keeping entries whole also
 * keeps one copy of each entry's module state.
 * @param {string[] | Record<string, string>} entry the package's entries, as given to tsup
 * @returns {import('esbuild').Plugin}
 */
function entryImportsStayImports(entry) {
  const files = Array.isArray(entry) ? entry : Object.values(entry);
  const base = commonDir(files.map((f) => dirname(resolve(f))));
  const names = new Map(
    Array.isArray(entry)
      ? files.map((f) => [stripTs(resolve(f)), relative(base, stripTs(resolve(f))).split(sep).join('/')])
      : Object.entries(entry).map(([name, f]) => [stripTs(resolve(f)), name]),
  );
  return {
    name: 'spectromix-entry-imports',
    setup(build) {
      const extension = JSON.parse(build.initialOptions.define?.TSUP_FORMAT ?? '"esm"') === 'cjs' ? '.cjs' : '.js';
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === 'entry-point' || !args.importer || !isAbsolute(args.importer)) return undefined;
        const target = stripTs(resolve(args.resolveDir, args.path).replace(/\.js$/, ''));
        const name = names.get(target);
        if (name == null || stripTs(args.importer) === target) return undefined;
        return { path: `./${name}${extension}`, external: true };
      });
    },
  };
}

function stripTs(path) {
  return path.replace(/\.(c|m)?ts$/, '');
}

function commonDir(dirs) {
  return dirs.reduce((a, b) => {
    const pa = a.split(sep);
    const pb = b.split(sep);
    let i = 0;
    while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
    return pa.slice(0, i).join(sep) || sep;
  });
}
