/**
 * The model's matmuls inside a real step: pairs a WebGPU profile's `MatMulProgram` / `MatMulSplitSumProgram`
 * launches (in launch order) with @spectromix/webgpu-kernels' launch log, and sums GPU time and FLOPs per product.
 */
import type { MatMulLaunch } from '@spectromix/webgpu-kernels';

/** One distinct product of the step: every launch of the same shape, transposes, epilogue, remap and plan. */
export interface CensusRow {
  /** e.g. `32 x [384 x 600] @ [600 x 768], A^T, bias(row)`. */
  readonly product: string;
  readonly plan: string;
  readonly launches: number;
  readonly gflop: number;
  /** GPU milliseconds of its launches (a K split's slice sum included). */
  readonly ms: number;
  readonly tflops: number;
}

/** The census of one profiled call. */
export interface MatMulCensus {
  readonly rows: readonly CensusRow[];
  readonly gflop: number;
  readonly ms: number;
  readonly tflops: number;
  /** Share of the FLOPs in products that reach `threshold` TFLOP/s. */
  readonly shareAbove: number;
  readonly threshold: number;
}

const PROGRAM: Record<MatMulLaunch['kind'], string> = { product: 'MatMulProgram', 'split-sum': 'MatMulSplitSumProgram' };

function label(l: MatMulLaunch): string {
  const flags = [l.transposeA ? 'A^T' : '', l.transposeB ? 'B^T' : '', l.epilogue === 'none' ? '' : l.epilogue, l.roll == null ? '' : `rolled ${l.roll}`].filter((x) => x !== '');
  return `${l.batch} x [${l.m} x ${l.k}] @ [${l.k} x ${l.n}]${flags.length > 0 ? `, ${flags.join(', ')}` : ''}`;
}

/**
 * Pairs the profile's matmul launches with the log and groups them by product. Throws when the two disagree
 * (a launch missing from either side), since any pairing after that would be wrong.
 * @param threshold TFLOP/s for {@link MatMulCensus.shareAbove}.
 */
export function matMulCensus(perLaunch: readonly { readonly name: string; readonly ms: number }[], log: readonly MatMulLaunch[], threshold = 35): MatMulCensus {
  const timed = perLaunch.filter((l) => l.name === PROGRAM.product || l.name === PROGRAM['split-sum']);
  if (timed.length !== log.length) throw new Error(`the profile has ${timed.length} matmul launches but the log ${log.length}`);
  const groups = new Map<string, { product: string; plan: string; launches: number; flops: number; ms: number }>();
  let current = '';
  log.forEach((l, i) => {
    const t = timed[i] as { name: string; ms: number };
    if (t.name !== PROGRAM[l.kind]) throw new Error(`launch ${i}: the profile has ${t.name}, the log a ${l.kind}`);
    // A slice sum belongs to the product launched just before it.
    if (l.kind === 'product') current = `${label(l)} | ${l.plan}`;
    const g = groups.get(current) ?? { product: label(l), plan: l.plan, launches: 0, flops: 0, ms: 0 };
    groups.set(current, { ...g, launches: g.launches + (l.kind === 'product' ? 1 : 0), flops: g.flops + l.flops, ms: g.ms + t.ms });
  });
  const rows = [...groups.values()]
    .map((g) => ({ product: g.product, plan: g.plan, launches: g.launches, gflop: g.flops / 1e9, ms: g.ms, tflops: g.flops / g.ms / 1e9 }))
    .sort((a, b) => b.gflop - a.gflop);
  const gflop = rows.reduce((s, r) => s + r.gflop, 0);
  const ms = rows.reduce((s, r) => s + r.ms, 0);
  const above = rows.filter((r) => r.tflops >= threshold).reduce((s, r) => s + r.gflop, 0);
  return { rows, gflop, ms, tflops: gflop / ms, shareAbove: gflop > 0 ? above / gflop : 0, threshold };
}

/** A markdown table of a census: the largest products first, then the whole step. */
export function censusTable(c: MatMulCensus): string {
  const lines = ['| product (batch x [M x K] @ [K x N]) | tile / K split | launches | GFLOP | GPU ms | TFLOP/s |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of c.rows) lines.push(`| ${r.product} | ${r.plan} | ${r.launches} | ${r.gflop.toFixed(1)} | ${r.ms.toFixed(3)} | ${r.tflops.toFixed(1)} |`);
  const launches = c.rows.reduce((s, r) => s + r.launches, 0);
  lines.push(`| **all matmuls of the step** | | ${launches} | ${c.gflop.toFixed(1)} | ${c.ms.toFixed(3)} | **${c.tflops.toFixed(1)}** |`);
  return lines.join('\n');
}
