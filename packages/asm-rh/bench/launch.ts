/** The cost of one small op on the active backend: what launch-bound phases (the optimizer) pay per kernel. */
import * as tf from '@spectromix/tensor';

/** Microseconds per op of a chain of small adds, with a kept scalar operand and with a JS number operand. */
export interface LaunchOverhead {
  /** `tf.add(y, s)` with `s` a kept scalar tensor. */
  readonly tensorOperandUs: number;
  /** `tf.add(y, 1)`: tfjs makes and uploads a new scalar per call, as `tf.train.adam` does for its constants. */
  readonly numberOperandUs: number;
  /** Ops per chain. */
  readonly launches: number;
}

async function chain(x: tf.Tensor, step: (y: tf.Tensor) => tf.Tensor, launches: number): Promise<number> {
  let y = x;
  const start = performance.now();
  for (let i = 0; i < launches; i++) {
    const next = step(y);
    if (y !== x) y.dispose();
    y = next;
  }
  await y.data();
  const us = ((performance.now() - start) * 1000) / launches;
  y.dispose();
  return us;
}

/** Times chains of `launches` dependent adds on a 4096-element tensor (after a short warm-up of each). */
export async function measureLaunchOverhead(launches = 2000): Promise<LaunchOverhead> {
  const x = tf.zeros([4096]);
  const s = tf.scalar(1);
  const withTensor = (y: tf.Tensor): tf.Tensor => tf.add(y, s);
  const withNumber = (y: tf.Tensor): tf.Tensor => tf.add(y, 1);
  await chain(x, withTensor, 100);
  await chain(x, withNumber, 100);
  const tensorOperandUs = await chain(x, withTensor, launches);
  const numberOperandUs = await chain(x, withNumber, launches);
  tf.dispose([x, s]);
  process.stderr.write(`  one small op: ${tensorOperandUs.toFixed(0)} us (kept scalar), ${numberOperandUs.toFixed(0)} us (JS number operand)\n`);
  return { tensorOperandUs, numberOperandUs, launches };
}
