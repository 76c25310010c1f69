/**
 * GPU benchmark of @spectromix/hfft, for a GPU host without Node.js (see the README for the bundle command):
 * spectromix rfft/irfft/hfft on WebGPU (Dawn over Vulkan) against tfjs's WebGPU `tf.spectral.rfft` and against
 * torch.fft on CUDA (cuFFT, through `python3`), batch 6144, n in {12, 50, 128, 512, 1024, 4096}; plus a check
 * that WebGPU results match the CPU kernel. Writes `hfft-gpu-bench.json` and `hfft-gpu-bench.md` into
 * `$HFFT_BENCH_OUT` (default: the working directory) and prints the table last.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { forceKernelPath, hfft, irfft, rfft, selectKernelPath, type KernelPath } from '../src/index.js';
import torchScript from './torch_fft_bench.py';
import { BENCH_OPS, benchLength, markdownTable, type BenchRow } from './cases.js';
import { medianMs } from './timing.js';

const LENGTHS = (process.env['HFFT_BENCH_LENGTHS'] ?? '12,50,128,512,1024,4096').split(',').map(Number);
const BATCH = Number(process.env['HFFT_BENCH_BATCH'] ?? 6144);
const OUT = process.env['HFFT_BENCH_OUT'] ?? '.';
const OPTIONS = { minReps: 5, minMs: 400, msPerSync: 100 };

function log(message: string): void {
  console.log(`[hfft-gpu-bench] ${message}`);
}

/** Max |webgpu - cpu| / max |cpu| of rfft, irfft and hfft on one small batch at length n, per path. */
async function accuracy(n: number): Promise<Record<string, number>> {
  const rows = 8;
  const x = Float32Array.from({ length: rows * n }, (_, i) => Math.sin(0.37 * i) + 0.25 * Math.cos(1.7 * i * i));
  const h = Math.floor(n / 2) + 1;
  const run = async (): Promise<Float32Array[]> => {
    const outs = tf.tidy(() => {
      const t = tf.tensor2d(x, [rows, n]);
      const { re, im } = rfft(t);
      return [re, im, irfft(re, im, { n }), hfft(tf.slice(t, [0, 0], [rows, h]), null, { n, norm: 'ortho' })];
    });
    const values = await Promise.all(outs.map((v) => v.data() as Promise<Float32Array>));
    tf.dispose(outs);
    return values;
  };
  await initBackend('cpu');
  const expected = await run();
  await initBackend('webgpu');
  const errors: Record<string, number> = {};
  for (const path of ['matmul', 'stockham'] as KernelPath[]) {
    forceKernelPath(path);
    const got = await run();
    let worst = 0;
    got.forEach((g, i) => {
      const e = expected[i] as Float32Array;
      let scale = 0, err = 0;
      for (let k = 0; k < e.length; k++) {
        scale = Math.max(scale, Math.abs(e[k] as number));
        err = Math.max(err, Math.abs((g[k] as number) - (e[k] as number)));
      }
      worst = Math.max(worst, err / Math.max(scale, 1e-30));
    });
    errors[path] = worst;
  }
  forceKernelPath(null);
  return errors;
}

/** rfft forward time on each WebGPU path, to show where the selection rule's threshold sits. */
async function rfftByPath(n: number): Promise<Record<string, number>> {
  const x = tf.randomNormal([BATCH, n]);
  const out: Record<string, number> = {};
  for (const path of ['matmul', 'stockham'] as KernelPath[]) {
    forceKernelPath(path);
    out[path] = await medianMs(() => { const r = rfft(x); return [r.re, r.im]; }, OPTIONS);
  }
  forceKernelPath(null);
  x.dispose();
  return out;
}

interface TorchResult {
  device: string;
  torch: string;
  rows: Array<Record<string, number>>;
}

function torchTimes(): TorchResult | { error: string } {
  try {
    const json = execFileSync('python3', ['-c', torchScript, JSON.stringify({ lengths: LENGTHS, batch: BATCH })], { encoding: 'utf8', maxBuffer: 1 << 24 });
    return JSON.parse(json.trim().split('\n').pop() ?? '{}') as TorchResult;
  } catch (error) {
    return { error: String(error instanceof Error ? error.message : error).split('\n')[0]?.slice(0, 200) ?? 'unknown error' };
  }
}

const choice = await initBackend('webgpu');
log(`WebGPU adapter: ${JSON.stringify(choice.details)}`);
const rows: BenchRow[] = [];
const accuracyByN: Record<number, Record<string, number>> = {};
const pathTimes: Record<number, Record<string, number>> = {};
for (const n of LENGTHS) {
  accuracyByN[n] = await accuracy(n);
  log(`n=${n} accuracy vs cpu (max err / max |value|): ${JSON.stringify(accuracyByN[n])}`);
  const row = await benchLength(n, BATCH, OPTIONS, 60_000);
  rows.push(row);
  pathTimes[n] = await rfftByPath(n);
  log(markdownTable([row]).split('\n').pop() ?? '');
}
log('running torch.fft on CUDA');
const torch = torchTimes();
const torchRows = 'rows' in torch ? torch.rows : [];

const cols = BENCH_OPS.flatMap((op) => [`${op} fwd`, `${op} fwd+bwd`]);
const fmt = (v: number | undefined | null): string => (v == null ? 'n/a' : v >= 10 ? v.toFixed(1) : v.toFixed(3));
const torchTable = [
  `| n | batch | ${cols.map((c) => `${c}: webgpu / torch (ratio)`).join(' | ')} |`,
  `|${'---|'.repeat(cols.length + 2)}`,
  ...rows.map((r) => {
    const t = torchRows.find((x) => x['n'] === r.n);
    return `| ${r.n} | ${r.batch} | ${cols.map((c) => {
      const ours = r.ms[c];
      const theirs = t?.[c];
      return `${fmt(ours)} / ${fmt(theirs)}${ours != null && theirs != null ? ` (${(ours / theirs).toFixed(1)}x)` : ''}`;
    }).join(' | ')} |`;
  }),
].join('\n');
const pathTable = [
  '| n | rule picks | rfft fwd matmul (ms) | rfft fwd stockham (ms) | max rel. error vs cpu, matmul | stockham |',
  '|---|---|---|---|---|---|',
  ...LENGTHS.map((n) => `| ${n} | ${selectKernelPath('webgpu', n)} | ${fmt(pathTimes[n]?.['matmul'])} | ${fmt(pathTimes[n]?.['stockham'])} | ${(accuracyByN[n]?.['matmul'] ?? NaN).toExponential(1)} | ${(accuracyByN[n]?.['stockham'] ?? NaN).toExponential(1)} |`),
].join('\n');
const report = [
  `WebGPU adapter: ${choice.details['vendor'] ?? ''} ${choice.details['architecture'] ?? ''} ${choice.details['description'] ?? ''}`.trim(),
  'torch' in torch ? `torch ${torch.torch} on ${torch.device}` : `torch failed: ${'error' in torch ? torch.error : ''}`,
  '',
  'spectromix (webgpu) vs tfjs tf.spectral.rfft (webgpu), ms per call:',
  '',
  markdownTable(rows),
  '',
  'spectromix (webgpu) vs torch.fft (CUDA, cuFFT), ms per call:',
  '',
  torchTable,
  '',
  'WebGPU kernel paths:',
  '',
  pathTable,
].join('\n');
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'hfft-gpu-bench.json'), JSON.stringify({ adapter: choice.details, rows, torch, accuracy: accuracyByN, pathTimes }, null, 2));
writeFileSync(join(OUT, 'hfft-gpu-bench.md'), `${report}\n`);
console.log(`\n${report}`);
