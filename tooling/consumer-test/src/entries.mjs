// Entry points derived from a package's `exports` map: every subpath except ./package.json, with the
// conditions a consumer can reach (import and require).

/**
 * @param {string} name package name
 * @param {Record<string, any>} manifest the packed package.json
 * @returns {{ specifier: string, subpath: string, import: boolean, require: boolean }[]}
 */
export function entryPoints(name, manifest) {
  const exportsMap = manifest.exports;
  if (exportsMap == null || typeof exportsMap !== 'object') {
    throw new Error(`${name}: package.json has no exports map; every spectromix package declares one (see CONTRIBUTING.md).`);
  }
  return Object.entries(exportsMap)
    .filter(([subpath]) => subpath !== './package.json' && !subpath.includes('*'))
    .map(([subpath, target]) => ({
      specifier: subpath === '.' ? name : `${name}/${subpath.slice(2)}`,
      subpath,
      import: hasCondition(target, 'import'),
      require: hasCondition(target, 'require'),
    }));
}

/** Every file path an exports target can resolve to, with the condition chain that leads there. */
export function exportTargets(target, chain = []) {
  if (typeof target === 'string') return [{ chain, path: target }];
  if (target == null) return [];
  if (Array.isArray(target)) return target.flatMap((t) => exportTargets(t, chain));
  return Object.entries(target).flatMap(([cond, t]) => exportTargets(t, [...chain, cond]));
}

function hasCondition(target, condition) {
  if (typeof target === 'string') return condition === 'import' || condition === 'require';
  return exportTargets(target).some(({ chain }) => chain.includes(condition) || chain.includes('default') && !chain.includes('import') && !chain.includes('require'));
}
