/**
 * GPU benchmark of ASM-RH: tfjs on WebGPU (Dawn over Vulkan) with the fused `@spectromix/webgpu-kernels` ops
 * and, for the ratio, with tfjs's stock kernels, against the PyTorch reference implementation on CUDA (fp32
 * eager, tf32, bf16 autocast) on the same card, in one run. Each tfjs configuration runs in its own process
 * (this file again, with `--worker`), so that its memory numbers are its own. Bundle it for the GPU host and run
 * it there as packages/asm-rh/README.md says; it writes `results.json` and `results.md` to `--out` and prints the
 * tables last.
 *
 *   node gpu.mjs [--presets asm-rh-base,asm-rh-small] [--target-length 512] [--batch 32] [--warmup 2] [--iters 8]
 *                [--stock asm-rh-base,asm-rh-small] [--stock-warmup 1] [--stock-iters 3] [--out results]
 *                [--python python3] [--torch-script path/to/asm_rh_torch.py] [--device cuda] [--modes fp32,tf32,bf16]
 *                [--submit-batch 15] (tfjs webgpu's WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: dispatches per queue submit)
 * Record its results.md in BENCHMARKS.md with `pnpm --filter @spectromix/asm-rh bench:gpu:record <results.md>`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@spectromix/tensor';
import { initBackend, installNodeWebGPU } from '@spectromix/tensor/node';
import { setMixerOps, tfjsOps } from '@spectromix/mixer';
import { fastKernelStats, installSpectromixKernels } from '@spectromix/webgpu-kernels';
import { isPresetName, type PresetName } from '../src/index.js';
import { measure, markdownTable, type ResultRow } from './measure.js';
import { runTorchBench } from './torch.js';
import { censusSection, memoryTable, profileTable, ratioTable, type GpuRow } from './gpu-report.js';
import { measureLaunchOverhead, type LaunchOverhead } from './launch.js';

const { values } = parseArgs({
  options: {
    presets: { type: 'string', default: 'asm-rh-base,asm-rh-small' },
    'target-length': { type: 'string', default: '512' },
    batch: { type: 'string', default: '32' },
    'num-classes': { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    iters: { type: 'string', default: '8' },
    stock: { type: 'string', default: 'asm-rh-base,asm-rh-small' },
    'stock-warmup': { type: 'string', default: '1' },
    'stock-iters': { type: 'string', default: '3' },
    out: { type: 'string', default: 'asm-rh-gpu-results' },
    python: { type: 'string', default: 'python3' },
    'torch-script': { type: 'string' },
    device: { type: 'string', default: 'cuda' },
    modes: { type: 'string', default: 'fp32,tf32,bf16' },
    worker: { type: 'boolean', default: false },
    impl: { type: 'string', default: 'fast' },
    preset: { type: 'string' },
    // tfjs webgpu submits its command encoder every N dispatches (tfjs default 15): a launch-overhead knob, no numeric change.
    'submit-batch': { type: 'string', default: '15' },
  },
});

const common = {
  targetLength: Number(values['target-length']),
  batch: Number(values.batch),
  numClasses: Number(values['num-classes']),
};
const list = (s: string | undefined): string[] => (s ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
const presetList = (s: string | undefined): PresetName[] => {
  const names = list(s);
  for (const p of names) if (!isPresetName(p)) throw new Error(`unknown preset '${p}' (expected asm-rh-base, asm-rh-small or asm-rh-tiny)`);
  return names as PresetName[];
};

/** What a worker prints as its last stdout line. */
interface WorkerResult {
  readonly row: GpuRow;
  readonly backend: unknown;
  readonly kernels: ReturnType<typeof fastKernelStats>;
  readonly launchOverhead?: LaunchOverhead;
}

// One tfjs configuration in this process: 'fast' (the built-in WebGPU ops and kernels) or 'stock' (the tfjs
// reference ops on tfjs's own WebGPU kernels; the fast kernels are never registered).
async function worker(): Promise<void> {
  const [preset] = presetList(values.preset);
  if (preset == null) throw new Error('--worker needs --preset');
  const impl = values.impl === 'stock' ? 'stock' : 'fast';
  // Dawn rounds timestamp queries to tens of microseconds by default, too coarse for the profile's per-launch times.
  await installNodeWebGPU(['disable-dawn-features=timestamp_quantization']);
  const choice = await initBackend('webgpu');
  if (tf.getBackend() !== 'webgpu') throw new Error(`the webgpu backend did not start: ${choice.reason}`);
  tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', Number(values['submit-batch']));
  if (impl === 'stock') {
    // The layers on the reference ops and tfjs's own matmuls; the train step keeps the fused Adam (as it always had).
    installSpectromixKernels({ matMul: false });
    setMixerOps('webgpu', tfjsOps);
  } else process.stderr.write(`  fast kernels: ${JSON.stringify(installSpectromixKernels())}\n`);
  const warmup = Number(impl === 'stock' ? values['stock-warmup'] : values.warmup);
  const iters = Number(impl === 'stock' ? values['stock-iters'] : values.iters);
  const timing = await measure({ preset, ...common, warmup, iters, profile: impl === 'fast' });
  const launchOverhead = impl === 'fast' ? await measureLaunchOverhead() : undefined;
  const mode = impl === 'stock' ? 'webgpu fp32, stock tfjs kernels' : 'webgpu fp32, spectromix kernels';
  const row = { impl: 'tfjs', mode, preset, ...common, ...timing, iters, warmup };
  const result: WorkerResult = { row, backend: choice, kernels: fastKernelStats(), ...(launchOverhead == null ? {} : { launchOverhead }) };
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

function runWorker(preset: PresetName, impl: 'fast' | 'stock'): WorkerResult {
  const script = process.argv[1] as string;
  const args = [...process.execArgv, script, '--worker', '--preset', preset, '--impl', impl];
  for (const key of ['target-length', 'batch', 'num-classes', 'warmup', 'iters', 'stock-warmup', 'stock-iters', 'submit-batch'] as const) args.push(`--${key}`, String(values[key]));
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, timeout: 300_000 });
  if (run.status !== 0) throw new Error(`tfjs ${impl} worker for ${preset} failed (exit ${String(run.status)}${run.signal == null ? '' : `, ${run.signal}`})`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as WorkerResult;
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  // Bundled: asm_rh_torch.py is copied next to the bundle; on source (tsx): ../scripts/asm_rh_torch.py.
  const torchScript = values['torch-script'] ?? [join(here, 'asm_rh_torch.py'), join(here, '..', 'scripts', 'asm_rh_torch.py')].find((p) => existsSync(p));
  if (torchScript == null) throw new Error('asm_rh_torch.py not found next to the bundle or in ../scripts; pass --torch-script.');
  const presets = presetList(values.presets);
  const stock = new Set(presetList(values.stock));
  const device = values.device === 'cpu' ? 'cpu' : 'cuda';
  const rows: GpuRow[] = [];
  const failures: string[] = [];
  const workers: Record<string, Omit<WorkerResult, 'row'>> = {};
  for (const preset of presets) {
    for (const impl of stock.has(preset) ? (['fast', 'stock'] as const) : (['fast'] as const)) {
      process.stderr.write(`${preset}, T=${common.targetLength}, batch ${common.batch}, tfjs webgpu (${impl}):\n`);
      try {
        const { row, ...rest } = runWorker(preset, impl);
        rows.push(row);
        workers[`${preset} ${impl}`] = rest;
      } catch (error) {
        failures.push(`tfjs ${impl} ${preset}: ${(error as Error).message}`);
      }
    }
    process.stderr.write(`${preset}, PyTorch ${device}:\n`);
    try {
      const torchRows = runTorchBench({ python: values.python ?? 'python3', script: torchScript, preset, ...common, warmup: Number(values.warmup), iters: Number(values.iters), modes: list(values.modes), device });
      for (const r of torchRows) rows.push({ ...r, impl: `PyTorch ${String((r as unknown as { torch?: string }).torch ?? '')}`.trim() });
    } catch (error) {
      failures.push(`PyTorch ${preset}: ${(error as Error).message}`);
    }
  }

  const fp32 = (r: ResultRow): ResultRow | undefined => rows.find((b) => b.preset === r.preset && b.impl.startsWith('PyTorch') && b.mode === 'fp32');
  const gpuName = (rows.find((r) => r.impl.startsWith('PyTorch')) as { device?: string } | undefined)?.device ?? 'unknown GPU';
  const markdown = [
    `### GPU host (${new Date().toISOString().slice(0, 10)}; ${gpuName}; tfjs-backend-webgpu 4.22 via Dawn/Vulkan, Node ${process.version})`,
    '',
    `Batch ${common.batch} of [${common.targetLength} x 128] input, ${common.numClasses} classes. Median of ${values.iters} calls after ${values.warmup} warm-up (stock tfjs: ${values['stock-iters']} after ${values['stock-warmup']}), each call waited for (tfjs reads the result back, PyTorch synchronises). ` +
      'Samples/s; in brackets the ratio to PyTorch fp32 eager on the same card. forward: eval mode; forward+backward: softmax cross-entropy gradients of every weight; train step: `trainStep` of @spectromix/train with its Adam (lr 2.5e-4; on WebGPU the fused update of @spectromix/webgpu-kernels), as its `fit` runs it.',
    '',
    markdownTable(rows, fp32),
    '',
    'Train step, ratio of each tfjs row to each PyTorch mode (samples/s over samples/s):',
    '',
    ratioTable(rows),
    '',
    'Memory of the train step and leak check:',
    '',
    memoryTable(rows),
    '',
    'Where the tfjs train step (spectromix kernels) spends its time: a forward+backward and an Adam update profiled with WebGPU timestamp queries (each launch submitted alone, so only the GPU times count), against the timed wall time of the same phase (Adam alone: `Adam.step` of @spectromix/train on fixed gradients):',
    '',
    profileTable(rows),
    '',
    ...censusSection(rows),
    ...Object.entries(workers).flatMap(([k, w]) => (w.launchOverhead == null ? [] : [`One small op (a chain of ${w.launchOverhead.launches} dependent adds on 4096 floats, ${k}): ${w.launchOverhead.tensorOperandUs.toFixed(0)} us with a kept scalar tensor, ${w.launchOverhead.numberOperandUs.toFixed(0)} us with a JS number operand (a new scalar per op, as tf.train.adam does).`])),
    ...(failures.length > 0 ? ['', 'Failures:', ...failures.map((f) => `- ${f.replace(/\n/g, ' ')}`)] : []),
  ].join('\n');
  const out = values.out ?? 'asm-rh-gpu-results';
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify({ date: new Date().toISOString(), gpu: gpuName, node: process.version, rows, failures, workers }, null, 2));
  writeFileSync(join(out, 'results.md'), `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
}

await (values.worker ? worker() : main());
