/** Timing of ASM-RH forward, forward+backward and Adam train steps, shared by the local and the GPU benchmark. */
import * as tf from '@spectromix/tensor';
import { createModel, type PresetName } from '../src/index.js';

/** What one measurement times. */
export interface MeasureOptions {
  readonly preset: PresetName;
  readonly targetLength: number;
  readonly batch: number;
  readonly numClasses: number;
  readonly warmup: number;
  readonly iters: number;
}

/** Milliseconds per call and samples per second of each phase. */
export interface Timing {
  readonly forwardMs: number;
  readonly forwardSamplesPerSec: number;
  readonly forwardBackwardMs: number;
  readonly forwardBackwardSamplesPerSec: number;
  readonly trainStepMs: number;
  readonly trainStepSamplesPerSec: number;
}

// Median of `iters` timed calls after `warmup` untimed ones: robust to a shared machine's hiccups.
async function time(label: string, fn: () => Promise<void>, warmup: number, iters: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iters; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const ms = samples[Math.floor(samples.length / 2)] as number;
  process.stderr.write(`  ${label}: ${ms.toFixed(1)} ms (median of ${samples.map((v) => v.toFixed(0)).join(', ')})\n`);
  return ms;
}

/**
 * Times the model on the active backend. Every call waits for its result (`await data()`), so GPU work is
 * included. Forward runs in eval mode; forward+backward computes gradients of every weight (softmax cross-entropy);
 * a train step adds Adam (lr 2.5e-4, the paper's).
 */
export async function measure(options: MeasureOptions): Promise<Timing> {
  const { preset, targetLength, batch, numClasses, warmup, iters } = options;
  const model = createModel(preset, { numClasses, targetLength, seed: 0 });
  const x = tf.randomNormal([batch, targetLength, 128], 0, 1, 'float32', 1);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % numClasses), 'int32'), numClasses);
  const vars = [...model.trainableParameters().values()];
  const loss = (): tf.Scalar => tf.losses.softmaxCrossEntropy(labels, model.forward(x, { training: true })) as tf.Scalar;
  const optimizer = tf.train.adam(2.5e-4);
  const forwardMs = await time('forward', async () => {
    const y = model.forward(x);
    await y.data();
    y.dispose();
  }, warmup, iters);
  const forwardBackwardMs = await time('forward+backward', async () => {
    const { value, grads } = tf.variableGrads(loss, vars);
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  }, warmup, iters);
  const trainStepMs = await time('train step', async () => {
    const value = optimizer.minimize(loss, true, vars);
    await value?.data();
    value?.dispose();
  }, warmup, iters);
  optimizer.dispose();
  tf.dispose([x, labels]);
  model.dispose();
  const rate = (ms: number): number => (batch * 1000) / ms;
  return {
    forwardMs, forwardSamplesPerSec: rate(forwardMs),
    forwardBackwardMs, forwardBackwardSamplesPerSec: rate(forwardBackwardMs),
    trainStepMs, trainStepSamplesPerSec: rate(trainStepMs),
  };
}

/** One row of a results table. */
export interface ResultRow extends Timing {
  readonly impl: string;
  readonly mode: string;
  readonly preset: string;
  readonly targetLength: number;
  readonly batch: number;
}

/** A markdown table of rows, with each row's ratio to `baseline` (samples/s of the row / of the baseline). */
export function markdownTable(rows: readonly ResultRow[], baseline: (row: ResultRow) => ResultRow | undefined): string {
  const f = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const ratio = (a: number, b: number | undefined): string => (b == null ? '' : ` (${(a / b).toFixed(2)}x)`);
  const lines = [
    '| preset | T | batch | implementation | forward samples/s | forward+backward samples/s | train step samples/s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const b = baseline(r);
    const same = b === r;
    lines.push(`| ${r.preset} | ${r.targetLength} | ${r.batch} | ${r.impl} ${r.mode} | ${f(r.forwardSamplesPerSec)}${same ? '' : ratio(r.forwardSamplesPerSec, b?.forwardSamplesPerSec)} | ${f(r.forwardBackwardSamplesPerSec)}${same ? '' : ratio(r.forwardBackwardSamplesPerSec, b?.forwardBackwardSamplesPerSec)} | ${f(r.trainStepSamplesPerSec)}${same ? '' : ratio(r.trainStepSamplesPerSec, b?.trainStepSamplesPerSec)} |`);
  }
  return lines.join('\n');
}
