import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The app folder (apps/trainer). */
export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the CLI from source in a child process (as `pnpm spectromix` does). */
export function startCli(args: readonly string[], cwd: string = APP_DIR): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=@spectromix/source', `${APP_DIR}/src/cli.ts`, ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], cwd?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = startCli(args, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/**
 * Starts `spectromix train` with `args` and kills it with SIGKILL (a crash: no checkpoint on the way out) once its
 * JSONL log `log` has a complete `step` event of zero-based `epoch` and `batch`; resolves after the process is gone.
 * @throws when the run ends before that step.
 */
export async function killAtStep(args: readonly string[], log: string, epoch: number, batch: number): Promise<void> {
  const { existsSync, readFileSync } = await import('node:fs');
  const child = startCli(args);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
      const events = lines.filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as { event: string; epoch?: number; batch?: number });
      if (events.some((e) => e.event === 'step' && e.epoch === epoch && e.batch === batch)) {
        clearInterval(timer);
        child.kill('SIGKILL');
        resolve();
      }
    }, 20);
    child.on('close', () => {
      clearInterval(timer);
      reject(new Error('the run finished before it could be killed'));
    });
  });
  await new Promise((r) => setTimeout(r, 200));
}
