import * as tf from '@spectromix/tensor';
import { hfft, irfft, rfft, selectKernelPath } from '../src/index.js';
import { medianMs, type TimingOptions } from './timing.js';

/** The ops benchmarked, each forward and forward+backward. */
export const BENCH_OPS = ['rfft', 'irfft', 'hfft'] as const;
/** One of {@link BENCH_OPS}. */
export type BenchOp = (typeof BENCH_OPS)[number];

/** One measured row: every op at one length on one backend. */
export interface BenchRow {
  backend: string;
  n: number;
  batch: number;
  path: string;
  /** ms per call for `${op} fwd` and `${op} fwd+bwd`. */
  ms: Record<string, number>;
  /** tfjs `tf.spectral.rfft` forward, ms per call scaled to `batch` rows, or null where tfjs has no FFT. */
  tfjsRfftMs: number | null;
  /** Rows the tfjs figure was measured on (it is scaled linearly to `batch`). */
  tfjsBatch: number;
  /** Why there is no tfjs figure. */
  tfjsNote: string;
}

function inputsFor(op: BenchOp, n: number, batch: number): tf.Tensor[] {
  if (op === 'rfft') return [tf.randomNormal([batch, n], 0, 1, 'float32', 1)];
  const bins = Math.floor(n / 2) + 1;
  return [tf.randomNormal([batch, bins], 0, 1, 'float32', 2), tf.randomNormal([batch, bins], 0, 1, 'float32', 3)];
}

function forward(op: BenchOp, n: number, xs: tf.Tensor[]): tf.Tensor[] {
  if (op === 'rfft') {
    const { re, im } = rfft(xs[0] as tf.Tensor);
    return [re, im];
  }
  const f = op === 'irfft' ? irfft : hfft;
  return [f(xs[0] as tf.Tensor, xs[1] as tf.Tensor, { n })];
}

/**
 * Forward and backward with a given upstream gradient `dy` (no loss op, so mostly the transforms are timed). For
 * rfft the two outputs are added first (one elementwise op) so that both receive `dy`.
 */
function forwardBackward(op: BenchOp, n: number, xs: tf.Tensor[], dy: tf.Tensor): tf.Tensor[] {
  const single = (...args: tf.Tensor[]): tf.Tensor => {
    const outs = forward(op, n, args);
    return outs.length === 1 ? (outs[0] as tf.Tensor) : tf.add(outs[0] as tf.Tensor, outs[1] as tf.Tensor);
  };
  return tf.grads(single)(xs, dy);
}

/** Times tfjs's own rfft; null where the backend has no FFT kernel (wasm). */
async function timeTfjsRfft(n: number, batch: number, options: TimingOptions, maxMsPerCall: number): Promise<{ ms: number | null; rows: number; note: string }> {
  const probeRows = Math.min(batch, 8);
  const probe = tf.randomNormal([probeRows, n]);
  let perRow: number;
  try {
    const t0 = performance.now();
    const r = tf.spectral.rfft(probe);
    await tf.real(r).data();
    perRow = (performance.now() - t0) / probeRows;
    r.dispose();
  } catch (error) {
    probe.dispose();
    return { ms: null, rows: 0, note: String(error instanceof Error ? error.message : error).slice(0, 80) };
  }
  probe.dispose();
  const rows = Math.max(probeRows, Math.min(batch, Math.floor(maxMsPerCall / Math.max(perRow, 1e-6))));
  const x = tf.randomNormal([rows, n]);
  const ms = await medianMs(() => [tf.spectral.rfft(x)], options);
  x.dispose();
  return { ms: (ms * batch) / rows, rows, note: rows < batch ? `measured on ${rows} rows, scaled to ${batch}` : '' };
}

/**
 * Measures every op forward and forward+backward at length `n` and `batch` rows on the active backend, and
 * tfjs's rfft on the same backend.
 * @param maxMsPerCall largest tfjs call to wait for; its batch shrinks to fit and the time is scaled.
 */
export async function benchLength(n: number, batch: number, options: TimingOptions, maxMsPerCall: number): Promise<BenchRow> {
  const ms: Record<string, number> = {};
  for (const op of BENCH_OPS) {
    const xs = inputsFor(op, n, batch);
    const dy = tf.randomNormal([batch, op === 'rfft' ? Math.floor(n / 2) + 1 : n], 0, 1, 'float32', 4);
    ms[`${op} fwd`] = await medianMs(() => forward(op, n, xs), options);
    ms[`${op} fwd+bwd`] = await medianMs(() => forwardBackward(op, n, xs, dy), options);
    tf.dispose([...xs, dy]);
  }
  const tfjs = await timeTfjsRfft(n, batch, options, maxMsPerCall);
  const backend = tf.getBackend();
  return { backend, n, batch, path: selectKernelPath(backend, n), ms, tfjsRfftMs: tfjs.ms, tfjsBatch: tfjs.rows, tfjsNote: tfjs.note };
}

function fmt(v: number | null | undefined): string {
  if (v == null) return 'n/a';
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3);
}

/** A markdown table of rows (ms per call) with the tfjs/spectromix rfft ratio. */
export function markdownTable(rows: BenchRow[]): string {
  const cols = BENCH_OPS.flatMap((op) => [`${op} fwd`, `${op} fwd+bwd`]);
  const head = `| backend | n | batch | path | ${cols.join(' | ')} | tfjs rfft fwd | tfjs / ours (rfft fwd) |`;
  const rule = `|${'---|'.repeat(cols.length + 6)}`;
  const body = rows.map((r) => {
    const ratio = r.tfjsRfftMs == null ? 'n/a' : `${(r.tfjsRfftMs / (r.ms['rfft fwd'] as number)).toFixed(1)}x`;
    const tfjs = r.tfjsRfftMs == null ? 'no FFT kernel' : `${fmt(r.tfjsRfftMs)}${r.tfjsNote === '' ? '' : ` (${r.tfjsBatch} rows, scaled)`}`;
    return `| ${r.backend} | ${r.n} | ${r.batch} | ${r.path} | ${cols.map((c) => fmt(r.ms[c])).join(' | ')} | ${tfjs} | ${ratio} |`;
  });
  return [head, rule, ...body].join('\n');
}
