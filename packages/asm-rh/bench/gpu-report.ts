/** The GPU benchmark's extra tables: train-step ratios against every PyTorch mode, and memory per step. */
import { censusTable } from './matmul-census.js';
import type { ResultRow } from './measure.js';

/** A result row of the GPU run: tfjs rows carry `memory`, PyTorch rows the CUDA allocator's peak. */
export interface GpuRow extends ResultRow {
  readonly iters?: number;
  readonly warmup?: number;
  /** PyTorch: `torch.cuda.max_memory_allocated` over the train-step phase. */
  readonly trainStepPeakBytes?: number;
  /** PyTorch: the CUDA device name. */
  readonly device?: string;
}

const gib = (bytes: number | null | undefined): string => (bytes == null ? 'n/a' : `${(bytes / 2 ** 30).toFixed(2)} GiB`);

/** For every preset, each tfjs row's train-step samples/s over each PyTorch mode's. */
export function ratioTable(rows: readonly GpuRow[]): string {
  const torch = rows.filter((r) => r.impl.startsWith('PyTorch'));
  const modes = [...new Set(torch.map((r) => r.mode))];
  const lines = [`| preset | tfjs | train step samples/s | ${modes.map((m) => `vs PyTorch ${m}`).join(' | ')} |`, `| --- | --- | --- |${modes.map(() => ' --- |').join('')}`];
  for (const r of rows.filter((x) => x.impl === 'tfjs')) {
    const cells = modes.map((m) => {
      const b = torch.find((t) => t.preset === r.preset && t.mode === m);
      return b == null ? 'n/a' : `${(r.trainStepSamplesPerSec / b.trainStepSamplesPerSec).toFixed(2)}x`;
    });
    lines.push(`| ${r.preset} | ${r.mode} | ${r.trainStepSamplesPerSec.toFixed(1)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * Memory per train step: for tfjs the tensors alive after the steps (weights, Adam moments, batch), the GPU
 * bytes in use at the end of the forward pass (the activations kept for the backward, near the step's peak),
 * the WebGPU buffer pool (which keeps every freed buffer for reuse) and the live tensor count after every timed
 * step; for PyTorch the CUDA allocator's peak over the phase.
 */
export function memoryTable(rows: readonly GpuRow[]): string {
  const lines = [
    '| preset | implementation | live tensors after the steps | in use at the end of the forward (tfjs) / peak allocated (PyTorch) | GPU buffer pool (tfjs) | tensor count after each timed step |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    if (r.memory != null) {
      const counts = r.memory.tensorsAfterStep;
      const steady = counts.every((c) => c === counts[0]);
      const leak = steady ? `${String(counts[0])} every step: no leak` : `${counts.join(', ')}: LEAKS`;
      lines.push(`| ${r.preset} | ${r.impl} ${r.mode} | ${gib(r.memory.liveTensorBytes)} | ${gib(r.memory.gpuInUseAtLossBytes)} | ${gib(r.memory.gpuPoolBytes)} | ${leak} |`);
    } else if (r.trainStepPeakBytes != null) {
      lines.push(`| ${r.preset} | ${r.impl} ${r.mode} | | ${gib(r.trainStepPeakBytes)} | | |`);
    }
  }
  return lines.join('\n');
}

/**
 * Where a tfjs train step's time goes: for the forward+backward and for Adam's update alone, the timed wall
 * time against the GPU time of its kernels summed from timestamp queries, the launch count, and the kernels
 * that take most GPU time.
 */
export function profileTable(rows: readonly GpuRow[], top = 5): string {
  const lines = [
    '| preset | phase | wall ms (timed) | GPU busy ms (sum of kernels) | busy | launches | largest GPU time by kernel (ms, launches) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    for (const [phase, wallMs, p] of [
      ['forward+backward', r.forwardBackwardMs, r.forwardBackwardProfile],
      ['Adam update (@spectromix/train Adam)', r.optimizerMs, r.optimizerProfile],
    ] as const) {
      if (p == null || wallMs == null) continue;
      const kernels = p.kernels.slice(0, top).map((k) => `${k.name} ${k.ms.toFixed(1)} (${k.launches})`).join('; ');
      lines.push(`| ${r.preset} | ${phase} | ${wallMs.toFixed(1)} | ${p.gpuMs.toFixed(1)} | ${((100 * p.gpuMs) / wallMs).toFixed(0)}% | ${p.launches} | ${kernels} |`);
    }
  }
  return lines.join('\n');
}

/**
 * Markdown lines for each row with a matmul census: every product of the profiled forward+backward with its GPU time
 * and TFLOP/s, then the step's matmuls together (FLOPs over GPU time).
 */
export function censusSection(rows: readonly GpuRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const c = r.matMulCensus;
    if (c == null) continue;
    if (typeof c === 'string') {
      out.push(`Matmul census of ${r.preset}: not available (${c}).`, '');
      continue;
    }
    out.push(
      `Every matmul of one ${r.preset} forward+backward (T = ${r.targetLength}, batch ${r.batch}) as the train step runs it, GPU time from the same profile (timestamp quantization off): ` +
        `${c.gflop.toFixed(0)} GFLOP in ${c.ms.toFixed(2)} ms, **${c.tflops.toFixed(1)} TFLOP/s**; ${(100 * c.shareAbove).toFixed(0)}% of the FLOPs run in products at ${c.threshold} TFLOP/s or more.`,
      '',
      censusTable(c),
      '',
    );
  }
  return out;
}
