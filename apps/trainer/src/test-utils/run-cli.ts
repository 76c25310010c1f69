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
