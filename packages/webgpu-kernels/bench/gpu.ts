/**
 * GPU benchmark of @spectromix/webgpu-kernels: tfjs's stock WebGPU kernels against this package's, and
 * PyTorch fp32 on the same card, at asm-rh-base shapes (T = 512, batch 32). Prints a table and writes JSON
 * to $OUT (or bench/results/). Bundle for the GPU host with scripts/bundle-device.sh; locally `pnpm bench`
 * runs a quick version on whatever adapter Dawn finds (lavapipe on CPU-only machines).
 *
 * Env: SPECTROMIX_BENCH_QUICK=1 (small shapes), SPECTROMIX_BENCH_SECTIONS=matmul,elementwise,rolled,f16,torch,
 * SPECTROMIX_DAWN_FLAGS (space-separated Dawn toggles, e.g. enable-dawn-features=disable_robustness),
 * SPECTROMIX_BENCH_TAG (suffix of the JSON file name), SPECTROMIX_BENCH_PRESET=small (asm-rh-small's shapes instead of base's).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { initBackend, installNodeWebGPU } from '@spectromix/tensor/node';
import { biasGelu, layerNorm, rollGroups, rollTimeSpec, fastKernelStats, registerFastWebGPUKernels, resetFastKernelStats, unregisterFastWebGPUKernels } from '../src/index.js';
import { asWebGPUBackend } from '../src/backend.js';
import { matMulSumBatch, biasGeluGradBias, biasGeluGradX, columnSum, layerNormGradGamma, layerNormGradX } from '../src/ops/grad-ops.js';
import { runFastMatMul } from '../src/matmul/run-matmul.js';
import { startMatMulLog, takeMatMulLog } from '../src/matmul/launch-log.js';
import { elementCases, matMulBytes, matMulCases, matMulFlops } from './cases.js';
import { parsePlan } from './plan-spec.js';
import { relError, timeOp, type BenchRow, type Timing } from './timing.js';
import { runTorch, type TorchResult } from './torch.js';
import { rolledSection } from './rolled.js';
import { f16Cases, f16Section, type F16Section } from './f16.js';

const H100 = { fp32TflopS: 67, hbmTBs: 3.35 };
const env = process.env;
const sections = new Set((env['SPECTROMIX_BENCH_SECTIONS'] ?? 'matmul,elementwise,rolled,f16,torch').split(','));

/** A row of the tables and the JSON. */
type Row = BenchRow;

async function matMulSection(quick: boolean, rows: Row[]): Promise<void> {
  const backend = asWebGPUBackend(tf.backend());
  const only = env['SPECTROMIX_BENCH_FILTER'];
  for (const c of matMulCases(quick).filter((x) => only == null || x.name.includes(only))) {
    const flops = matMulFlops(c);
    const bytes = matMulBytes(c);
    const a = tf.randomNormal(c.aShape, 0, 1, 'float32', 1);
    const b = tf.randomNormal(c.bShape, 0, 1, 'float32', 2);
    const row = (variant: string, t: Timing, relErr?: number, note?: string): Row => ({
      kernel: c.name,
      variant,
      ms: t.ms,
      kernelMs: t.kernelMs,
      tflops: flops / (t.kernelMs ?? t.ms) / 1e9,
      gbs: bytes / (t.kernelMs ?? t.ms) / 1e6,
      relErr,
      note,
    });
    // A batch-summed case (a shared weight's gradient): tfjs multiplies per item and sums; ours folds the batch into K.
    const stockOp = () => (c.sumBatch === true ? tf.tidy(() => tf.sum(tf.matMul(a, b, c.transposeA, c.transposeB), 0)) : tf.matMul(a, b, c.transposeA, c.transposeB));
    const fastOp = () => (c.sumBatch === true ? matMulSumBatch(a, b, c.transposeA, c.transposeB) : tf.matMul(a, b, c.transposeA, c.transposeB));
    unregisterFastWebGPUKernels();
    const reference = stockOp();
    rows.push(row('tfjs stock', await timeOp(stockOp, { gpuTime: true })));
    registerFastWebGPUKernels();
    resetFastKernelStats();
    startMatMulLog();
    const fast = fastOp();
    const chosen = takeMatMulLog().map((l) => `${l.kind === 'product' ? '' : '+'}${l.plan}`).join(' ');
    const err = await relError(fast, reference);
    fast.dispose();
    const stats = fastKernelStats();
    const note = `planner ${chosen}${Object.keys(stats.fallback).length > 0 ? ` FALLBACK ${JSON.stringify(stats.fallback)}` : ''}`;
    rows.push(row('spectromix (planner)', await timeOp(fastOp, { gpuTime: true }), err, note));
    for (const p of env['SPECTROMIX_BENCH_SWEEP'] === '0' ? [] : c.sweep) {
      const plan = parsePlan(p);
      const run = () => {
        const out = runFastMatMul(backend, { a, b, transposeA: c.transposeA, transposeB: c.transposeB, sumBatch: c.sumBatch }, plan);
        if (typeof out === 'string') throw new Error(out);
        return tf.engine().makeTensorFromTensorInfo(out);
      };
      try {
        const y = run();
        const e = await relError(y, reference);
        y.dispose();
        rows.push(row(`spectromix ${p}`, await timeOp(run, { gpuTime: true }), e));
      } catch (error) {
        rows.push({ kernel: c.name, variant: `spectromix ${p}`, ms: NaN, note: `failed: ${String(error)}` });
      }
    }
    reference.dispose();
    a.dispose();
    b.dispose();
    printRows(rows.filter((r) => r.kernel === c.name));
  }
}

async function elementSection(quick: boolean, rows: Row[]): Promise<void> {
  const cases = elementCases(quick);
  const ln = cases.layerNorm;
  const d = ln.shape[ln.shape.length - 1] as number;
  const x = tf.randomNormal(ln.shape, 0, 1, 'float32', 3);
  const gamma = tf.randomNormal([d], 1, 0.1, 'float32', 4);
  const beta = tf.randomNormal([d], 0, 0.1, 'float32', 5);
  const dy = tf.randomNormal(ln.shape, 0, 1, 'float32', 6);
  const lnBytes = 4 * x.size;
  // Gradients with a given dy (no scalar loss, whose reduction and broadcast would dominate the timing).
  const lnGrad = () => {
    const [gx, gg, gb] = tf.grads((xx: Tensor, g: Tensor, bb: Tensor) => layerNorm(xx, g, bb, ln.eps))([x, gamma, beta], dy) as [Tensor, Tensor, Tensor];
    gg.dispose();
    gb.dispose();
    return gx;
  };
  const ge = cases.gelu;
  const gx = tf.randomNormal(ge.shape, 0, 1.5, 'float32', 7);
  const gbias = tf.randomNormal([ge.shape[1] as number], 0, 0.5, 'float32', 8);
  const gdy = tf.randomNormal(ge.shape, 0, 1, 'float32', 9);
  const geBytes = 4 * gx.size;
  const geGrad = () => {
    const [a, bb] = tf.grads((xx: Tensor, bias: Tensor) => biasGelu(xx, bias))([gx, gbias], gdy) as [Tensor, Tensor];
    bb.dispose();
    return a;
  };
  const ro = cases.roll;
  const rx = tf.randomNormal(ro.shape, 0, 1, 'float32', 10);
  const spec = rollTimeSpec(ro.shift, ro.groups);
  const kernels: { name: string; bytes: number; fn: () => Tensor }[] = [
    { name: 'layerNorm fwd', bytes: 2 * lnBytes, fn: () => layerNorm(x, gamma, beta, ln.eps) },
    { name: 'layerNorm fwd+bwd', bytes: 5 * lnBytes, fn: lnGrad },
    { name: 'layerNorm bwd: dx', bytes: 3 * lnBytes, fn: () => layerNormGradX(dy, x, gamma, ln.eps) },
    { name: 'layerNorm bwd: dgamma', bytes: 2 * lnBytes, fn: () => layerNormGradGamma(dy, x, ln.eps) },
    { name: 'layerNorm bwd: dbeta (column sum)', bytes: lnBytes, fn: () => columnSum(dy) },
    { name: 'biasGelu bwd: dx', bytes: 3 * geBytes, fn: () => biasGeluGradX(gdy, gx, gbias) },
    { name: 'biasGelu bwd: dbias', bytes: 2 * geBytes, fn: () => biasGeluGradBias(gdy, gx, gbias) },
    { name: 'biasGelu fwd', bytes: 2 * geBytes, fn: () => biasGelu(gx, gbias) },
    { name: 'biasGelu fwd+bwd', bytes: 5 * geBytes, fn: geGrad },
    { name: 'rollGroups fwd', bytes: 2 * 4 * rx.size, fn: () => rollGroups(rx, spec) },
  ];
  for (const k of kernels) {
    unregisterFastWebGPUKernels();
    const ref = k.fn();
    const stock = await timeOp(k.fn, { gpuTime: true });
    rows.push({ kernel: k.name, variant: 'tfjs ops (composite)', ms: stock.ms, kernelMs: stock.kernelMs, gbs: k.bytes / (stock.kernelMs ?? stock.ms) / 1e6 });
    registerFastWebGPUKernels();
    const y = k.fn();
    const err = await relError(y, ref);
    y.dispose();
    ref.dispose();
    const fast = await timeOp(k.fn, { gpuTime: true });
    rows.push({ kernel: k.name, variant: 'spectromix fused', ms: fast.ms, kernelMs: fast.kernelMs, gbs: k.bytes / (fast.kernelMs ?? fast.ms) / 1e6, relErr: err });
    printRows(rows.filter((r) => r.kernel === k.name));
  }
  tf.dispose([x, gamma, beta, dy, gx, gbias, gdy, rx]);
}

function fmt(v: number | undefined, digits: number): string {
  return v == null || Number.isNaN(v) ? '-' : v.toFixed(digits);
}

function printRows(rows: readonly Row[]): void {
  for (const r of rows) {
    console.log(
      `${r.kernel.padEnd(52).slice(0, 52)} ${r.variant.padEnd(24)} ${fmt(r.ms, 3).padStart(9)} ms ${fmt(r.kernelMs, 3).padStart(9)} gpu-ms ` +
        `${fmt(r.tflops, 1).padStart(6)} TF/s ${fmt(r.gbs, 0).padStart(6)} GB/s  err ${r.relErr == null ? '-' : r.relErr.toExponential(1)} ${r.note ?? ''}`,
    );
  }
}

async function main(): Promise<void> {
  // Dawn quantizes timestamp queries by default (65.5 us steps on the H100, a third of a token product): turn it off.
  const flags = (env['SPECTROMIX_DAWN_FLAGS'] ?? 'disable-dawn-features=timestamp_quantization').split(' ').filter((f) => f !== '');
  await installNodeWebGPU(flags);
  // The f16 section needs the subgroup-matrix features; fp32 kernels run the same on a device that has them.
  const choice = await initBackend('webgpu', { matmulPrecision: sections.has('f16') ? 'auto' : 'fp32' });
  const details = choice.details;
  const cpuAdapter = /llvmpipe|lavapipe|swiftshader|cpu/i.test(`${String(details['description'])} ${String(details['device'])} ${String(details['architecture'])}`);
  const quick = env['SPECTROMIX_BENCH_QUICK'] === '1' || cpuAdapter;
  const l = asWebGPUBackend(tf.backend()).device.limits;
  const limits = {
    maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
    maxBufferSize: l.maxBufferSize,
  };
  console.log(`adapter: ${JSON.stringify(details)} limits: ${JSON.stringify(limits)}${quick ? ' (quick mode: small shapes)' : ''}; dawn flags: ${flags.join(' ') || 'none'}`);
  registerFastWebGPUKernels();
  const rows: Row[] = [];
  const started = Date.now();
  if (sections.has('matmul')) await matMulSection(quick, rows);
  if (sections.has('elementwise')) await elementSection(quick, rows);
  if (sections.has('rolled')) {
    for (const r of await rolledSection(quick)) {
      const ms = r.timing.kernelMs ?? r.timing.ms;
      rows.push({ kernel: r.kernel, variant: r.variant, ms: r.timing.ms, kernelMs: r.timing.kernelMs, tflops: r.flops / ms / 1e9, relErr: r.relErr });
    }
    printRows(rows.filter((r) => r.kernel.startsWith('channel fc1 + Roll-Time')));
  }
  let f16: F16Section | undefined;
  if (sections.has('f16')) {
    f16 = await f16Section(quick, printRows);
    for (const r of f16.rows) rows.push(r);
  }
  let torch: TorchResult | undefined;
  if (sections.has('torch')) {
    const ec = elementCases(quick);
    const others = sections.has('matmul') || sections.has('elementwise') || sections.has('rolled');
    torch = runTorch({
      matmul: sections.has('matmul') ? matMulCases(quick) : sections.has('f16') ? f16Cases(quick) : [],
      // PyTorch's tensor-core precisions for the products the f16 section times.
      precisionCases: sections.has('f16') ? f16Cases(quick).map((c) => c.name) : [],
      ...(others ? { layerNorm: ec.layerNorm, gelu: ec.gelu, roll: ec.roll } : {}),
    });
    console.log(`torch: ${torch.error ?? `${String(torch.torch)} on ${String(torch.device)}`}`);
  }
  const summary = [...summarise(rows.filter((r) => !r.variant.startsWith('f16') && !r.variant.startsWith('fp32')), torch), ...(f16 == null ? [] : summariseF16(f16, torch))];
  console.log('\n=== summary (ms per call; TF/s and GB/s from GPU time where timestamp queries work, else wall) ===');
  for (const s of summary) console.log(s);
  const result = {
    package: '@spectromix/webgpu-kernels',
    date: new Date().toISOString(),
    adapter: details,
    limits,
    dawnFlags: flags,
    quick,
    ceilings: H100,
    seconds: (Date.now() - started) / 1000,
    rows,
    f16: f16 == null ? undefined : { fragment: f16.fragment, checks: f16.checks },
    torch,
  };
  const dir = env['OUT'] ?? join(new URL('.', import.meta.url).pathname, 'results');
  mkdirSync(dir, { recursive: true });
  const tag = `${quick ? '-quick' : ''}${env['SPECTROMIX_BENCH_TAG'] != null ? `-${env['SPECTROMIX_BENCH_TAG']}` : ''}`;
  const file = join(dir, `webgpu-kernels-bench${tag}.json`);
  writeFileSync(file, JSON.stringify(result, null, 1));
  console.log(`wrote ${file}`);
}

/** Per product: TFLOP/s of our fp32 and f16 kernels (planner, best tile) and of PyTorch fp32 / tf32 / fp16 / bf16; then the checks. */
function summariseF16(f16: F16Section, torch: TorchResult | undefined): string[] {
  const out = [`${'f16 product'.padEnd(52)}  ours fp32   f16 plan   f16 best  | torch fp32   tf32   fp16   bf16  (TFLOP/s)   f16 err vs fp32`];
  const cases = [...new Set(f16.rows.map((r) => r.kernel))];
  for (const name of cases) {
    const mine = f16.rows.filter((r) => r.kernel === name);
    const flops = mine.find((r) => r.tflops != null);
    const perMs = flops?.tflops == null ? NaN : flops.tflops * (flops.kernelMs ?? flops.ms);
    const tf = (ms: number | undefined) => fmt(ms == null ? NaN : perMs / ms, 1).padStart(7);
    const fp32 = mine.find((r) => r.variant === 'fp32 (planner)');
    const plan = mine.find((r) => r.variant === 'f16 (planner)');
    const best = mine.filter((r) => r.variant.startsWith('f16') && !Number.isNaN(r.ms)).reduce<typeof plan>((acc, r) => (acc == null || (r.tflops ?? 0) > (acc.tflops ?? 0) ? r : acc), undefined);
    const t = (suffix: string) => torch?.ms?.[`${name}${suffix}`];
    out.push(
      `${name.padEnd(52).slice(0, 52)} ${fmt(fp32?.tflops, 1).padStart(9)} ${fmt(plan?.tflops, 1).padStart(10)} ${fmt(best?.tflops, 1).padStart(10)} ${(best?.variant ?? '').slice(4).padEnd(13)}|` +
        `${tf(t(''))} ${tf(t(' @tf32'))} ${tf(t(' @fp16'))} ${tf(t(' @bf16'))}   ${plan?.relErr == null ? '-' : plan.relErr.toExponential(1)} (${plan?.note ?? ''})`,
    );
  }
  const failed = f16.checks.filter((c) => !c.pass);
  const worst = f16.checks.reduce((m, c) => Math.max(m, Number.isNaN(c.maxRelError) ? 0 : c.maxRelError), 0);
  out.push(`f16 checks: ${f16.checks.length - failed.length}/${f16.checks.length} pass; largest relative error ${worst.toExponential(2)}${failed.length > 0 ? `; FAILED: ${failed.map((c) => `${c.tile} ${c.name}`).join(', ')}` : ''}`);
  return out;
}

function summarise(rows: readonly Row[], torch: TorchResult | undefined): string[] {
  const out: string[] = [];
  const names = [...new Set(rows.map((r) => r.kernel))];
  for (const name of names) {
    const mine = rows.filter((r) => r.kernel === name && r.variant.startsWith('spectromix') && !Number.isNaN(r.ms));
    const best = mine.reduce<Row | undefined>((acc, r) => (acc == null || (r.kernelMs ?? r.ms) < (acc.kernelMs ?? acc.ms) ? r : acc), undefined);
    const stock = rows.find((r) => r.kernel === name && !r.variant.startsWith('spectromix'));
    const planner = mine.find((r) => r.variant.includes('planner') || r.variant.includes('fused'));
    const tms = torch?.ms?.[name];
    const t = (r: Row | undefined) => (r == null ? NaN : (r.kernelMs ?? r.ms));
    out.push(
      `${name.padEnd(52).slice(0, 52)} stock ${fmt(t(stock), 3)} | ours ${fmt(t(planner), 3)} (best ${fmt(t(best), 3)} ${best?.variant ?? ''}) | torch ${fmt(tms, 3)} | ` +
        `stock/ours ${fmt(t(stock) / t(planner), 2)}x torch/ours ${fmt((tms ?? NaN) / t(planner), 2)}x${planner?.tflops != null ? ` | ${fmt(planner.tflops, 1)} TF/s` : ''}`,
    );
  }
  if (torch?.ms != null) out.push(`torch copy 256MiB: ${fmt(torch.ms['copy 256MiB'], 3)} ms = ${fmt((2 * 256 * 1024 * 1024) / (torch.ms['copy 256MiB'] ?? NaN) / 1e6, 0)} GB/s (read + write)`);
  return out;
}

// Dawn's promises alone do not keep Node's event loop running: an unsettled await would end the process silently.
const keepAlive = setInterval(() => undefined, 1000);
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => clearInterval(keepAlive));
