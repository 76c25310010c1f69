/** Timing of ASM-RH forward, forward+backward and Adam train steps, shared by the local and the GPU benchmark. */
import * as tf from '@spectromix/tensor';
import { Adam, softmaxCrossEntropy, trainStep, type Optimizer } from '@spectromix/train';
import { createModel, type PresetName } from '../src/index.js';
import { startMatMulLog, takeMatMulLog } from '@spectromix/webgpu-kernels';
import { profileCall, type CallProfile } from './profile.js';
import { matMulCensus, type MatMulCensus } from './matmul-census.js';

/** What one measurement times. */
export interface MeasureOptions {
  readonly preset: PresetName;
  readonly targetLength: number;
  readonly batch: number;
  readonly numClasses: number;
  readonly warmup: number;
  readonly iters: number;
  /** Also time Adam's update alone and profile a forward+backward and an Adam update by kernel (WebGPU timestamp queries). */
  readonly profile?: boolean;
}

/** Memory after the timed train steps, and whether they leaked tensors. */
export interface StepMemory {
  /** Bytes of the tensors alive after the steps (weights, Adam moments, inputs): `tf.memory().numBytes`. */
  readonly liveTensorBytes: number;
  /** GPU bytes of the backend's buffer pool (WebGPU: `numBytesAllocatedInGPU`, which keeps freed buffers for reuse, so it bounds the step's peak from above); null elsewhere. */
  readonly gpuPoolBytes: number | null;
  /** GPU bytes in use by live tensors (WebGPU: `numBytesInGPU`); null elsewhere. */
  readonly gpuInUseBytes: number | null;
  /** Live tensors after each timed train step: all equal when nothing leaks. */
  readonly tensorsAfterStep: readonly number[];
  /** GPU bytes in use at the end of the forward pass of a train step (activations kept for the backward), largest over the steps; null elsewhere. */
  readonly gpuInUseAtLossBytes?: number | null;
}

/** Milliseconds per call and samples per second of each phase. */
export interface Timing {
  readonly forwardMs: number;
  readonly forwardSamplesPerSec: number;
  readonly forwardBackwardMs: number;
  readonly forwardBackwardSamplesPerSec: number;
  readonly trainStepMs: number;
  readonly trainStepSamplesPerSec: number;
  /** Memory and leak check of the train steps (tfjs rows). */
  readonly memory?: StepMemory;
  /** Adam's update alone (`@spectromix/train`'s `Adam.step` on fixed gradients), when profiling. */
  readonly optimizerMs?: number;
  /** GPU time of one forward+backward by kernel, when profiling and available. */
  readonly forwardBackwardProfile?: CallProfile | null;
  /** GPU time of one Adam update by kernel, when profiling and available. */
  readonly optimizerProfile?: CallProfile | null;
  /** The forward+backward's matmuls by product (GPU time and TFLOP/s), when profiling with the fast kernels; a string says why not. */
  readonly matMulCensus?: MatMulCensus | string | null;
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
 * a train step is `@spectromix/train`'s `trainStep` with its `Adam` (lr 2.5e-4, the paper's; on WebGPU the fused
 * update); with `profile`, Adam's update is also timed alone and one forward+backward and one Adam update are
 * profiled by kernel.
 */
export async function measure(options: MeasureOptions): Promise<Timing> {
  const { preset, targetLength, batch, numClasses, warmup, iters } = options;
  const model = createModel(preset, { numClasses, targetLength, seed: 0 });
  const x = tf.randomNormal([batch, targetLength, 128], 0, 1, 'float32', 1);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % numClasses), 'int32'), numClasses);
  const params = model.trainableParameters();
  const vars = [...params.values()];
  let inUseAtLoss = 0;
  // torch's F.cross_entropy, as the PyTorch side and @spectromix/train's loop use.
  const lossOf = (logits: tf.Tensor, targets: tf.Tensor): tf.Scalar => {
    const value = softmaxCrossEntropy(logits, targets);
    // End of the forward pass: every activation the backward needs is alive (close to the step's peak).
    inUseAtLoss = Math.max(inUseAtLoss, gpuBytesInUse() ?? 0);
    return value;
  };
  const loss = (): tf.Scalar => lossOf(model.forward(x, { training: true }), labels);
  // What users run: @spectromix/train's Adam (fused update on WebGPU) inside its trainStep.
  const optimizer = new Adam(params, { lr: 2.5e-4 });
  const forwardMs = await time('forward', async () => {
    const y = model.forward(x, { training: false });
    await y.data();
    y.dispose();
  }, warmup, iters);
  const forwardBackwardMs = await time('forward+backward', async () => {
    const { value, grads } = tf.variableGrads(loss, vars);
    await value.data();
    tf.dispose([value, ...Object.values(grads)]);
  }, warmup, iters);
  const tensorsAfterStep: number[] = [];
  const trainStepMs = await time('train step', async () => {
    const stats = trainStep(model, params, optimizer, lossOf, x, labels);
    await stats.data();
    stats.dispose();
    tensorsAfterStep.push(tf.memory().numTensors);
  }, warmup, iters);
  const memory = { ...stepMemory(tensorsAfterStep.slice(warmup)), gpuInUseAtLossBytes: gpuBytesInUse() == null ? null : inUseAtLoss };
  const extra = options.profile === true ? await optimizerAndProfiles(optimizer, loss, params, warmup, iters) : {};
  optimizer.dispose();
  tf.dispose([x, labels]);
  model.dispose();
  const rate = (ms: number): number => (batch * 1000) / ms;
  return {
    forwardMs, forwardSamplesPerSec: rate(forwardMs),
    forwardBackwardMs, forwardBackwardSamplesPerSec: rate(forwardBackwardMs),
    trainStepMs, trainStepSamplesPerSec: rate(trainStepMs),
    memory,
    ...extra,
  };
}

// Adam's update alone on fixed gradients (synchronised by reading the last, smallest weight, which the in-order
// queue updates last), then one forward+backward and one Adam update profiled by kernel.
async function optimizerAndProfiles(optimizer: Optimizer, loss: () => tf.Scalar, params: ReadonlyMap<string, tf.Variable>, warmup: number, iters: number): Promise<Pick<Timing, 'optimizerMs' | 'forwardBackwardProfile' | 'optimizerProfile' | 'matMulCensus'>> {
  const vars = [...params.values()];
  const { value, grads } = tf.variableGrads(loss, vars);
  const byName = new Map<string, tf.Tensor>();
  for (const [name, v] of params) {
    const g = grads[v.name];
    if (g != null) byName.set(name, g);
  }
  const last = vars[vars.length - 1] as tf.Variable;
  const optimizerMs = await time('Adam update alone', async () => {
    optimizer.step(byName);
    await last.data();
  }, warmup, iters);
  const optimizerProfile = await profileCall(() => optimizer.step(byName));
  tf.dispose([value, ...Object.values(grads)]);
  startMatMulLog();
  const fullProfile = await profileCall(() => {
    const g = tf.variableGrads(loss, vars);
    tf.dispose([g.value, ...Object.values(g.grads)]);
  });
  const log = takeMatMulLog();
  let census: MatMulCensus | string | null = null;
  if (fullProfile != null && log.length > 0) {
    try {
      census = matMulCensus(fullProfile.perLaunch, log);
    } catch (error) {
      census = (error as Error).message;
    }
  }
  // The per-launch list only feeds the census: keep the results file small.
  const forwardBackwardProfile = fullProfile == null ? null : { ...fullProfile, perLaunch: [] };
  return { optimizerMs, forwardBackwardProfile, optimizerProfile: optimizerProfile == null ? null : { ...optimizerProfile, perLaunch: [] }, matMulCensus: census };
}

function gpuBytesInUse(): number | null {
  return (tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number }).numBytesInGPU ?? null;
}

// tfjs merges the backend's memory() into tf.memory(): WebGPU reports its buffer pool there.
function stepMemory(tensorsAfterStep: number[]): StepMemory {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesAllocatedInGPU?: number };
  return { liveTensorBytes: m.numBytes, gpuPoolBytes: m.numBytesAllocatedInGPU ?? null, gpuInUseBytes: m.numBytesInGPU ?? null, tensorsAfterStep };
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
