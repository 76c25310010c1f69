// Runs a script with plain Node in the consumer project: no loaders, no source conditions, npm's environment.
import { spawn } from 'node:child_process';
import { npmEnv } from './project.mjs';

/**
 * @param {string} script absolute path of the .mjs/.cjs file
 * @param {string} cwd working directory
 * @param {number} [timeoutMs]
 * @returns {Promise<{ ok: boolean, stdout: string, stderr: string }>}
 */
export function runNode(script, cwd, timeoutMs = 120_000) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [script], { cwd, env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') stderr += `\nkilled after ${timeoutMs} ms`;
      resolvePromise({ ok: code === 0, stdout, stderr });
    });
  });
}

/** Runs jobs with at most `limit` at once (the CI machine has 2 cores). */
export async function pool(items, limit, job) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}
