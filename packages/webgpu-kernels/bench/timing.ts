import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';

/** A printed and saved row of the benchmark: one variant of one kernel. */
export interface BenchRow {
  readonly kernel: string;
  readonly variant: string;
  readonly ms: number;
  readonly kernelMs?: number | undefined;
  readonly tflops?: number | undefined;
  readonly gbs?: number | undefined;
  readonly relErr?: number | undefined;
  readonly note?: string | undefined;
}

/** One timing: wall milliseconds per iteration of many queued launches, and the GPU's own kernel time. */
export interface Timing {
  /** Median over repeats of (wall time of `iters` queued iterations, ending in a sync) / iters. */
  readonly ms: number;
  /** Iterations per repeat. */
  readonly iters: number;
  /** GPU time per iteration from tfjs's timestamp queries (tf.time), when the device supports them. */
  readonly kernelMs?: number;
}

/** Waits until everything queued before it has run: a 1-element read of the last output. */
async function sync(t: Tensor): Promise<void> {
  const probe = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, 1));
  await probe.data();
  probe.dispose();
}

/**
 * Times `fn` (which returns a fresh tensor each call) in steady state: warm-up calls (pipeline compiles),
 * then `repeats` rounds of back-to-back calls that tfjs queues on the GPU, each closed by a sync. Every
 * output is disposed once the next is queued.
 */
export async function timeOp(fn: () => Tensor, opts: { minMs?: number; maxIters?: number; repeats?: number; gpuTime?: boolean; gpuSamples?: number } = {}): Promise<Timing> {
  const minMs = opts.minMs ?? 120;
  const repeats = opts.repeats ?? 3;
  for (let i = 0; i < 2; i++) {
    const t = fn();
    await sync(t);
    t.dispose();
  }
  let t0 = performance.now();
  const probe = fn();
  await sync(probe);
  probe.dispose();
  const one = Math.max(performance.now() - t0, 0.01);
  const iters = Math.max(3, Math.min(opts.maxIters ?? 60, Math.round(minMs / one)));
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    t0 = performance.now();
    let last: Tensor | undefined;
    for (let i = 0; i < iters; i++) {
      const t = fn();
      last?.dispose();
      last = t;
    }
    if (last != null) {
      await sync(last);
      last.dispose();
    }
    times.push((performance.now() - t0) / iters);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)] as number;
  if (!(opts.gpuTime ?? false)) return { ms, iters };
  // Mean of `gpuSamples` timestamp-query samples (the bench turns off Dawn's timestamp quantization).
  const samples = opts.gpuSamples ?? 10;
  let kernel = 0;
  for (let r = 0; r < samples; r++) {
    const info = await tf.time(() => {
      fn().dispose();
    });
    kernel += info.kernelMs as number;
  }
  return kernel > 0 ? { ms, iters, kernelMs: kernel / samples } : { ms, iters };
}

/** ||a - b|| / ||b|| computed on the device (Frobenius norms). */
export async function relError(a: Tensor, b: Tensor): Promise<number> {
  const r = tf.tidy(() => tf.div(tf.norm(tf.sub(tf.reshape(a, [-1]), tf.reshape(b, [-1]))), tf.norm(tf.reshape(b, [-1]))));
  const v = (await r.data())[0] as number;
  r.dispose();
  return v;
}
