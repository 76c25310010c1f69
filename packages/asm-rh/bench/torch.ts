/** Runs the PyTorch reference benchmark (`asm_rh_torch.py bench`) in a python3 subprocess. */
import { spawnSync } from 'node:child_process';
import type { ResultRow } from './measure.js';

/** Arguments of {@link runTorchBench}. */
export interface TorchBenchOptions {
  readonly python: string;
  readonly script: string;
  readonly preset: string;
  readonly targetLength: number;
  readonly batch: number;
  readonly numClasses: number;
  readonly modes: readonly string[];
  readonly device: 'cuda' | 'cpu';
  readonly warmup: number;
  readonly iters: number;
  readonly threads?: number;
}

/** The rows the script prints (one per mode), or an error row when PyTorch could not run. */
export function runTorchBench(o: TorchBenchOptions): ResultRow[] {
  const args = [
    o.script, 'bench', '--preset', o.preset, '--target-length', String(o.targetLength), '--batch', String(o.batch),
    '--num-classes', String(o.numClasses), '--modes', o.modes.join(','), '--device', o.device,
    '--warmup', String(o.warmup), '--iters', String(o.iters), ...(o.threads == null ? [] : ['--threads', String(o.threads)]),
  ];
  process.stderr.write(`  ${o.python} ${args.join(' ')}\n`);
  const run = spawnSync(o.python, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`PyTorch benchmark failed (${o.python} exit ${String(run.status)}): ${run.stderr.slice(-2000)}`);
  const lastLine = run.stdout.trim().split('\n').pop() ?? '[]';
  return JSON.parse(lastLine) as ResultRow[];
}
