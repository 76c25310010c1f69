// Packs every published library with `pnpm pack` (which replaces workspace: ranges and applies publishConfig)
// and unpacks each tarball so its contents can be inspected as a registry would serve them.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pool } from './run-node.mjs';

const run = promisify(execFile);

/**
 * @param {{ name: string, dir: string }[]} packages
 * @param {string} outDir where the tarballs go
 * @returns {Promise<{ name: string, sourceDir: string, tarball: string, unpacked: string, manifest: Record<string, any> }[]>}
 */
export function packAll(packages, outDir) {
  return pool(packages, 3, async ({ name, dir }) => {
    // One destination per package, so parallel packs never see each other's tarballs.
    const dest = join(outDir, name.replace('/', '+'));
    mkdirSync(dest, { recursive: true });
    await run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir });
    const { stdout } = await run('sh', ['-c', 'ls *.tgz'], { cwd: dest });
    const made = stdout.split('\n').filter(Boolean);
    if (made.length !== 1) throw new Error(`${name}: pnpm pack made ${made.length} tarballs in ${dest}, expected one.`);
    const tarball = join(dest, made[0]);
    const unpacked = join(dest, 'unpacked');
    mkdirSync(unpacked, { recursive: true });
    await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
    return { name, sourceDir: dir, tarball, unpacked, manifest };
  });
}
