/**
 * `pnpm bench`: spectromix rfft/irfft/hfft (forward and forward+backward) against tfjs's `tf.spectral.rfft` on
 * the same backend, on cpu and wasm at batch 6144 (tfjs's CPU FFT is measured on fewer rows and scaled), and on
 * webgpu (Mesa lavapipe, a CPU emulation) for small cases only. Writes the "## @spectromix/hfft" section of the
 * repository's BENCHMARKS.md from `bench/results/cpu.md` (written here) and `bench/results/h100-webgpu.md` (made
 * by `bench/gpu.ts` on the GPU host, see the README). Options: `--backends cpu,wasm,webgpu`, `--lengths 12,50,...`,
 * `--no-write` (measure only), `--section-only` (no measuring: rebuild the section from the saved results).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import type { BackendName } from '@spectromix/tensor';
import { benchLength, markdownTable, type BenchRow } from './cases.js';

const LENGTHS = [12, 50, 128, 512, 1024, 4096];
const BATCH = 6144;
const LAVAPIPE = { lengths: [12, 50, 128], batch: 256 };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const sectionOnly = process.argv.includes('--section-only');
const cpuResults = fileURLToPath(new URL('./results/cpu.md', import.meta.url));

if (!sectionOnly) {
  const backends = (arg('backends') ?? 'cpu,wasm,webgpu').split(',') as BackendName[];
  const lengths = arg('lengths')?.split(',').map(Number) ?? LENGTHS;
  const rows: BenchRow[] = [];
  for (const backend of backends) {
    await initBackend(backend);
    const gpu = backend === 'webgpu';
    const options = gpu ? { minReps: 3, minMs: 300, msPerSync: 50 } : { minReps: 3, minMs: 1500, msPerSync: 0 };
    for (const n of gpu ? LAVAPIPE.lengths.filter((v) => lengths.includes(v)) : lengths) {
      const row = await benchLength(n, gpu ? LAVAPIPE.batch : BATCH, options, 4000);
      if (gpu) row.backend = 'webgpu (lavapipe)';
      rows.push(row);
      console.log(markdownTable([row]).split('\n').pop());
    }
    tf.disposeVariables();
  }
  const table = markdownTable(rows);
  console.log(`\n${table}`);
  const date = new Date().toISOString().slice(0, 10);
  const measured = `Measured ${date} on ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, tfjs 4.22.0.`;
  if (!process.argv.includes('--no-write')) writeFileSync(cpuResults, `${measured}\n\n${table}\n`);
}

/** The GPU host's results (bench/gpu.ts output, committed under bench/results/), as section lines. */
function gpuSection(): string[] {
  const file = fileURLToPath(new URL('./results/h100-webgpu.md', import.meta.url));
  if (!existsSync(file)) return [];
  return [
    '### WebGPU on an NVIDIA H100 (GPU host)',
    '',
    'Run with `bench/gpu.ts` on the GPU host (H100 80GB HBM3, driver 580.159.04, Dawn over Vulkan, tfjs-backend-webgpu',
    '4.22.0; torch.fft on CUDA is cuFFT through the host\'s PyTorch), batch 6144; wall time per call with calls queued',
    'between synchronisations. Copied from `packages/hfft/bench/results/h100-webgpu.md`.',
    '',
    readFileSync(file, 'utf8').trim(),
    '',
  ];
}

if (!process.argv.includes('--no-write') && existsSync(cpuResults)) {
  const file = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));
  const section = [
    '## @spectromix/hfft',
    '',
    'By `pnpm --filter @spectromix/hfft bench` (`-- --section-only` rebuilds this section from `packages/hfft/bench/results/`).',
    'Milliseconds per call (median); `fwd+bwd` is `tf.grads(op)(x, dy)` with a given upstream gradient (one forward',
    'and one backward transform, no loss op; for rfft `re + im` is differentiated so both parts get it). "tfjs rfft',
    'fwd" is `tf.spectral.rfft` on the same backend in the same run; tfjs\'s CPU FFT is too slow for 6144 rows here,',
    'so it was timed on the rows shown and scaled linearly (its cost is per row). tfjs\'s wasm backend has no FFT',
    'kernel at all. The webgpu rows run on Mesa lavapipe (a CPU emulation of Vulkan, no GPU on this machine) at batch',
    '256 and small n only: they show the path works, not GPU speed. The 2-core machine was shared with other jobs',
    '(load average above 10) while this ran, so CPU times are pessimistic and noisy; the ratios are large regardless.',
    '',
    readFileSync(cpuResults, 'utf8').trim(),
    '',
    ...gpuSection(),
  ].join('\n');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = old.indexOf('## @spectromix/hfft');
  let next: string;
  if (start < 0) {
    next = `${old.trimEnd()}\n\n${section}`;
  } else {
    const after = old.indexOf('\n## ', start + 1);
    next = old.slice(0, start) + section + (after < 0 ? '' : `\n${old.slice(after + 1)}`);
  }
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
  console.log(`wrote the @spectromix/hfft section of ${file}`);
}
