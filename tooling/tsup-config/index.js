// The one build config every spectromix package uses. Each top-level entry becomes its own output file so
// consumers tree-shake per entry; ESM is the primary format, CJS is emitted where a package allows it.
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
    // Bundled code never reads the source condition; keep it from leaking into output resolution.
    esbuildOptions(o) {
      o.conditions = ['import', 'module', 'default'];
    },
  };
}
