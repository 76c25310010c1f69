// A fresh npm project outside the workspace with the packed tarballs installed, as a user would have it.
// Transitive @spectromix dependencies resolve to the tarballs through `overrides` (they are not on the registry
// yet); third-party packages come from the registry through npm's own cache.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Third-party packages the consumer installs beside the libraries: tfjs-core (the peer) and backends. */
export const PEERS = {
  '@tensorflow/tfjs-core': '4.22.0',
  '@tensorflow/tfjs-backend-cpu': '4.22.0',
  '@tensorflow/tfjs-backend-wasm': '4.22.0',
};

/**
 * Writes package.json and runs `npm install`.
 * @param {string} dir the project folder (created)
 * @param {{ name: string, tarball: string }[]} packed every packed library (used for overrides)
 * @param {string[]} direct the libraries the project depends on directly
 * @param {Record<string, string>} extra further registry dependencies
 */
export function createProject(dir, packed, direct, extra) {
  mkdirSync(dir, { recursive: true });
  const spec = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  const manifest = {
    name: 'spectromix-consumer',
    private: true,
    version: '0.0.0',
    dependencies: { ...Object.fromEntries(direct.map((n) => [n, spec[n]])), ...extra },
    overrides: spec,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    env: npmEnv(),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** npm settings a machine may set on purpose (a mirror, a cache, a proxy): they reach npm and the scripts. */
const KEEP = /^npm_config_(registry|cache|proxy|https_proxy|noproxy|strict_ssl|cafile|userconfig)$/i;

/**
 * The environment without the npm_* variables pnpm sets for its scripts (and NODE_OPTIONS), so npm and the
 * smoke scripts run as in a user's shell.
 */
export function npmEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => KEEP.test(k) || (!/^npm_(config|package|lifecycle)_/i.test(k) && k !== 'NODE_OPTIONS')));
}
