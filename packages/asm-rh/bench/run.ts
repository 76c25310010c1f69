/**
 * `pnpm bench`: forward, forward+backward and Adam train-step throughput of asm-rh-tiny (batch 8, T = 128) on the
 * tfjs cpu and wasm backends, next to the PyTorch reference implementation on this machine's CPU in the same run,
 * written to the "## @spectromix/asm-rh" section of the root BENCHMARKS.md. Numbers for the GPU host come from
 * bench/gpu.ts (see the README) and are kept in the same section when present.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { initBackend } from '@spectromix/tensor/node';
import { measure, markdownTable, type ResultRow } from './measure.js';
import { runTorchBench } from './torch.js';
import { writeSection } from './benchmarks-md.js';

const HEADING = '## @spectromix/asm-rh';
const GPU_MARKER = '### GPU host';
const shape = { preset: 'asm-rh-tiny', targetLength: 128, batch: 8, numClasses: 35 } as const;
const warmup = Number(process.env['BENCH_WARMUP'] ?? 1);
const iters = Number(process.env['BENCH_ITERS'] ?? 3);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const benchmarksPath = `${root}BENCHMARKS.md`;

const loadAtStart = loadavg()[0] ?? 0;
const rows: ResultRow[] = [];
for (const backend of ['wasm', 'cpu'] as const) {
  await initBackend(backend);
  process.stderr.write(`tfjs ${backend}:\n`);
  rows.push({ impl: 'tfjs', mode: backend, ...shape, ...(await measure({ ...shape, warmup, iters })) });
}
process.stderr.write('PyTorch (CPU, 1 thread like tfjs-wasm):\n');
const torch = runTorchBench({
  python: '/usr/bin/python3', script: fileURLToPath(new URL('../scripts/asm_rh_torch.py', import.meta.url)),
  ...shape, modes: ['fp32'], device: 'cpu', warmup, iters, threads: 1,
});
const torchRow = torch[0];
if (torchRow == null) throw new Error('the PyTorch benchmark returned no rows');
rows.push({ ...torchRow, impl: 'PyTorch 1.13 CPU', mode: 'fp32 (1 thread)' });

const table = markdownTable(rows, () => torchRow);
// Keep the GPU host subsection written by bench/gpu.ts, if any.
const previous = existsSync(benchmarksPath) ? readFileSync(benchmarksPath, 'utf8') : '';
const start = previous.indexOf(`${HEADING}\n`);
const end = start < 0 ? -1 : previous.indexOf('\n## ', start + HEADING.length);
const section = start < 0 ? '' : previous.slice(start, end < 0 ? undefined : end);
const gpu = section.includes(GPU_MARKER) ? section.slice(section.indexOf(GPU_MARKER)) : `${GPU_MARKER}\n\nNot measured yet: build and run bench/gpu.ts on the GPU host as packages/asm-rh/README.md says.`;
const load = `load average ${loadAtStart.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end (other jobs share the machine: absolute numbers are pessimistic, ratios within a run are fairer)`;
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
writeSection(benchmarksPath, HEADING, [
  `### asm-rh-tiny on this machine (${new Date().toISOString().slice(0, 10)}; ${machine})`,
  '',
  `Batch ${shape.batch} of [${shape.targetLength} frames x 128 mel] log-mel input, ${shape.numClasses} classes, float32; median of ${iters} calls after ${warmup} warm-up. ` +
    'Samples per second (higher is better); in brackets the ratio to PyTorch 1.13 on the same CPU with one thread (tfjs-wasm runs on one thread too). ' +
    'forward: eval mode, logits read back; forward+backward: softmax cross-entropy gradients of every weight; train step: plus Adam. ' +
    `${load}.`,
  '',
  table,
  '',
  gpu.trim(),
].join('\n'));
process.stdout.write(`${table}\n`);
