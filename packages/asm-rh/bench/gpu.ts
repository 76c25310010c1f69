/**
 * GPU benchmark of ASM-RH: tfjs on WebGPU (Dawn over Vulkan) against the PyTorch reference implementation on CUDA
 * (fp32 eager, tf32, bf16 autocast) on the same card, in one run. Bundle it for the GPU host and run it there as
 * packages/asm-rh/README.md says; it writes `results.json` and `results.md` to `--out` and prints the table.
 *
 *   node gpu.mjs [--presets asm-rh-base,asm-rh-small] [--target-length 512] [--batch 32] [--warmup 3] [--iters 10]
 *                [--out results] [--python python3] [--torch-script path/to/asm_rh_torch.py] [--device cuda]
 *                [--modes fp32,tf32,bf16] [--backend webgpu]
 * Record its results.md in BENCHMARKS.md with `pnpm --filter @spectromix/asm-rh bench:gpu:record <results.md>`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { isPresetName, type PresetName } from '../src/index.js';
import { measure, markdownTable, type ResultRow } from './measure.js';
import { runTorchBench } from './torch.js';

const { values } = parseArgs({
  options: {
    presets: { type: 'string', default: 'asm-rh-base,asm-rh-small' },
    'target-length': { type: 'string', default: '512' },
    batch: { type: 'string', default: '32' },
    'num-classes': { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    iters: { type: 'string', default: '10' },
    out: { type: 'string', default: 'asm-rh-gpu-results' },
    python: { type: 'string', default: 'python3' },
    'torch-script': { type: 'string' },
    device: { type: 'string', default: 'cuda' },
    modes: { type: 'string', default: 'fp32,tf32,bf16' },
    backend: { type: 'string', default: 'webgpu' },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
// Bundled: asm_rh_torch.py is copied next to the bundle; on source (tsx): ../scripts/asm_rh_torch.py.
const torchScript = values['torch-script'] ?? [join(here, 'asm_rh_torch.py'), join(here, '..', 'scripts', 'asm_rh_torch.py')].find((p) => existsSync(p));
if (torchScript == null) throw new Error('asm_rh_torch.py not found next to the bundle or in ../scripts; pass --torch-script.');
const presets = (values.presets ?? '').split(',').map((p) => p.trim());
for (const p of presets) if (!isPresetName(p)) throw new Error(`--presets: unknown preset '${p}'`);
const common = {
  targetLength: Number(values['target-length']),
  batch: Number(values.batch),
  numClasses: Number(values['num-classes']),
  warmup: Number(values.warmup),
  iters: Number(values.iters),
};
const backend = values.backend as 'webgpu' | 'cpu' | 'wasm';
const device = values.device === 'cpu' ? 'cpu' : 'cuda';

const choice = await initBackend(backend);
process.stderr.write(`tfjs backend: ${choice.name} ${JSON.stringify(choice.details ?? {})}\n`);
const rows: ResultRow[] = [];
const failures: string[] = [];
for (const preset of presets as PresetName[]) {
  process.stderr.write(`${preset}, T=${common.targetLength}, batch ${common.batch}, tfjs ${backend}:\n`);
  try {
    rows.push({ impl: 'tfjs', mode: `${backend} fp32`, preset, ...common, ...(await measure({ preset, ...common })) });
  } catch (error) {
    failures.push(`tfjs ${backend} ${preset}: ${(error as Error).message}`);
  }
  process.stderr.write(`  tensors alive: ${tf.memory().numTensors}\n`);
  process.stderr.write(`${preset}, PyTorch ${device}:\n`);
  try {
    for (const r of runTorchBench({ python: values.python ?? 'python3', script: torchScript, preset, ...common, modes: (values.modes ?? 'fp32').split(','), device })) {
      rows.push({ ...r, impl: `PyTorch ${String((r as unknown as { torch?: string }).torch ?? '')}`.trim(), mode: r.mode });
    }
  } catch (error) {
    failures.push(`PyTorch ${preset}: ${(error as Error).message}`);
  }
}

// Ratios against PyTorch fp32 eager of the same preset.
const table = markdownTable(rows, (r) => rows.find((b) => b.preset === r.preset && b.impl.startsWith('PyTorch') && b.mode === 'fp32'));
const gpuName = (rows.find((r) => r.impl.startsWith('PyTorch')) as unknown as { device?: string } | undefined)?.device ?? 'unknown GPU';
const markdown = [
  `### GPU host (${new Date().toISOString().slice(0, 10)}; ${gpuName}; tfjs ${backend} via Dawn/Vulkan, Node ${process.version})`,
  '',
  `Batch ${common.batch} of [${common.targetLength} x 128] input, ${common.numClasses} classes; median of ${common.iters} calls after ${common.warmup} warm-up; samples/s, in brackets the ratio to PyTorch fp32 eager on the same card. ` +
    'train step = forward + backward + Adam.',
  '',
  table,
  ...(failures.length > 0 ? ['', 'Failures:', ...failures.map((f) => `- ${f.replace(/\n/g, ' ')}`)] : []),
].join('\n');
const out = values.out ?? 'asm-rh-gpu-results';
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'results.json'), JSON.stringify({ rows, failures, backend: choice }, null, 2));
writeFileSync(join(out, 'results.md'), `${markdown}\n`);
process.stdout.write(`${markdown}\n`);
