import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What the PyTorch side reports: median milliseconds per case, or why it could not run. */
export interface TorchResult {
  readonly torch?: string;
  readonly device?: string;
  readonly ms?: Record<string, number>;
  readonly error?: string;
}

/**
 * Runs bench/torch_kernels.py (shipped beside this module, also in the device bundle) with `python3 -c`
 * on the same machine, so PyTorch times the same shapes on the same card.
 */
export function runTorch(config: unknown, python = process.env['SPECTROMIX_PYTHON'] ?? 'python3'): TorchResult {
  let script: string;
  try {
    script = readFileSync(new URL('./torch_kernels.py', import.meta.url), 'utf8');
  } catch (error) {
    return { error: `torch_kernels.py not found beside the bench: ${String(error)}` };
  }
  const r = spawnSync(python, ['-c', script, JSON.stringify(config)], { encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 24 });
  if (r.error != null) return { error: `${python} did not run: ${r.error.message}` };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as TorchResult;
  } catch {
    return { error: `${python} exited ${String(r.status)}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  }
}
