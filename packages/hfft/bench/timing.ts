import * as tf from '@spectromix/tensor';

/** How long to keep measuring one case. */
export interface TimingOptions {
  /** Stop after this many timed repetitions... */
  readonly minReps: number;
  /** ...once at least this many milliseconds were spent timing. */
  readonly minMs: number;
  /**
   * GPU backends: queue calls until about this many milliseconds of work sit between two synchronisations
   * (amortises the read-back that waits for the queue; at most 50 calls). 0 synchronises after every call.
   */
  readonly msPerSync: number;
}

/** Median wall time of one call of `run`, in ms. `run` returns the tensors it made; they are disposed here. */
export async function medianMs(run: () => tf.Tensor[], options: TimingOptions): Promise<number> {
  const sync = async (outs: tf.Tensor[]): Promise<void> => {
    const out = outs[outs.length - 1] as tf.Tensor;
    const last = out.dtype === 'complex64' ? tf.real(out) : out;
    // Read one element: waits for every queued kernel without timing a large download.
    const probe = tf.tidy(() => tf.slice(tf.reshape(last, [-1]), [0], [1]));
    if (last !== out) last.dispose();
    await probe.data();
    probe.dispose();
  };
  const warm = run();
  await sync(warm);
  tf.dispose(warm);
  const t1 = performance.now();
  const once = run();
  await sync(once);
  tf.dispose(once);
  const single = performance.now() - t1;
  const perSync = options.msPerSync <= 0 ? 1 : Math.max(1, Math.min(50, Math.floor(options.msPerSync / Math.max(single, 1e-3))));
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < options.minReps || performance.now() - started < options.minMs) {
    const t0 = performance.now();
    let outs: tf.Tensor[] = [];
    for (let i = 0; i < perSync; i++) {
      tf.dispose(outs);
      outs = run();
    }
    await sync(outs);
    samples.push((performance.now() - t0) / perSync);
    tf.dispose(outs);
    if (samples.length >= 50) break;
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}
