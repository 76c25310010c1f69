import * as tf from '@spectromix/tensor';

/** How long to keep measuring one case. */
export interface TimingOptions {
  /** Stop after this many timed repetitions... */
  readonly minReps: number;
  /** ...once at least this many milliseconds were spent timing. */
  readonly minMs: number;
  /** Calls queued per synchronisation (GPU backends: amortises the read-back that waits for the queue). */
  readonly perSync: number;
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
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < options.minReps || performance.now() - started < options.minMs) {
    const t0 = performance.now();
    let outs: tf.Tensor[] = [];
    for (let i = 0; i < options.perSync; i++) {
      tf.dispose(outs);
      outs = run();
    }
    await sync(outs);
    samples.push((performance.now() - t0) / options.perSync);
    tf.dispose(outs);
    if (samples.length >= 50) break;
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}
