// What a tarball must satisfy before anyone installs it: no workspace: ranges, every exports/main/types target
// shipped, every relative import (code, declarations, shipped sources) and every source map source inside the
// tarball, and every bare import declared as a dependency or peer (or a Node builtin).
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { exportTargets } from './entries.mjs';

const DEP_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];
const CODE = /\.(c|m)?js$|\.d\.(c|m)?ts$|\.(c|m)?ts$/;

/**
 * @param {{ name: string, unpacked: string, manifest: Record<string, any> }} pkg
 * @returns {string[]} problems, each naming the file and what to fix
 */
export function checkTarball(pkg) {
  const { name, unpacked, manifest } = pkg;
  const problems = [];
  for (const field of [...DEP_FIELDS, 'devDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${name}: ${field}.${dep} is "${range}" in the tarball; pack with pnpm so workspace: ranges are replaced.`);
    }
  }
  const targets = [manifest.main, manifest.module, manifest.types, ...exportTargets(manifest.exports ?? {}).map((t) => t.path)].filter(Boolean);
  for (const t of new Set(targets)) {
    if (!existsSync(join(unpacked, t))) problems.push(`${name}: package.json points at ${t}, which is not in the tarball (check "files").`);
  }
  const declared = new Set([name, ...DEP_FIELDS.flatMap((f) => Object.keys(manifest[f] ?? {}))]);
  for (const file of walk(unpacked)) {
    const rel = relative(unpacked, file);
    if (file.endsWith('.map')) {
      const map = JSON.parse(readFileSync(file, 'utf8'));
      for (const source of map.sources ?? []) {
        const abs = resolve(dirname(file), map.sourceRoot ?? '', source);
        if (!abs.startsWith(unpacked + '/') || !existsSync(abs)) problems.push(`${name}: ${rel} names source ${source}, which is not in the tarball.`);
      }
      continue;
    }
    if (!CODE.test(file)) continue;
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        if (!resolvesRelative(dirname(file), spec)) problems.push(`${name}: ${rel} imports ${spec}, which is not in the tarball.`);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec) && !declared.has(packageOf(spec))) {
        problems.push(`${name}: ${rel} imports ${spec}, but ${packageOf(spec)} is not a dependency or peer of ${name}.`);
      }
    }
  }
  return problems;
}

function* walk(dir) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** Import specifiers of a JS/TS file, with comments (JSDoc examples) removed first. */
function specifiers(code) {
  const text = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = new Set();
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.add(m[1]);
  // Triple-slash references are comments, so they are read from the unstripped text.
  for (const m of code.matchAll(/\/\/\/\s*<reference\s+types=['"]([^'"]+)['"]/g)) out.add(m[1]);
  return out;
}

function resolvesRelative(dir, spec) {
  const base = resolve(dir, spec);
  const candidates = [base, base.replace(/\.(c|m)?js$/, '.ts'), base.replace(/\.js$/, '.d.ts'), base.replace(/\.cjs$/, '.d.cts'), `${base}.js`, `${base}.ts`, join(base, 'index.js'), join(base, 'index.ts')];
  return candidates.some((c) => existsSync(c) && statSync(c).isFile());
}

function packageOf(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
