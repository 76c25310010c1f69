import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isVerbose } from '../cli-verbose.js';
import { filterDawnWarnings } from './dawn-output.js';

/** What the child process learnt about the WebGPU adapter. */
export type AdapterProbe =
  | { readonly found: true; readonly vendor: string; readonly architecture: string; readonly device: string; readonly description: string }
  | { readonly found: false; readonly reason: string };

/**
 * Asks Dawn for the WebGPU adapter in a child process, so that its native start-up warnings land on a stderr this
 * process filters (they are shown with `--verbose`; other stderr lines of the child always are). `backend auto`
 * uses it to decide, without loading Dawn here, whether WebGPU is a real GPU worth starting.
 * @returns undefined when the probe cannot run here (the `webgpu` package does not resolve from this module).
 */
export async function probeWebGpuAdapter(timeoutMs = 30_000): Promise<AdapterProbe | undefined> {
  let url: string;
  try {
    url = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return undefined; // not resolvable from here (a self-contained bundle): the caller loads Dawn in-process
  }
  const script = [
    `const { create } = await import(${JSON.stringify(url)});`,
    'const adapter = await create([]).requestAdapter();',
    'const i = adapter?.info ?? {};',
    'process.stdout.write(JSON.stringify(adapter == null ? null : { vendor: i.vendor ?? "", architecture: i.architecture ?? "", device: i.device ?? "", description: i.description ?? "" }));',
    'process.exit(0);',
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  process.stderr.write(isVerbose() ? stderr : filterDawnWarnings(stderr));
  if (code !== 0) return { found: false, reason: `the WebGPU probe failed (exit ${String(code)})` };
  const info = JSON.parse(stdout || 'null') as Omit<Extract<AdapterProbe, { found: true }>, 'found'> | null;
  return info == null ? { found: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' } : { found: true, ...info };
}
