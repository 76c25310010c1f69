import { afterEach, expect, it } from 'vitest';
import * as tf from '../index.js';
import { describeBackends } from '../testing.js';

/** Tensors made from host values of more than one element while `fn` runs (tfjs-core's `ones` is one). */
function largeWrites(fn: () => tf.Tensor[]): { out: tf.Tensor[]; writes: number } {
  const engine = tf.engine() as unknown as { makeTensor: (values: ArrayLike<number> | null, ...rest: unknown[]) => unknown };
  const original = engine.makeTensor;
  let writes = 0;
  engine.makeTensor = (values, ...rest) => {
    if (values != null && values.length > 1) writes += 1;
    return original.call(engine, values, ...rest);
  };
  try {
    return { out: fn(), writes };
  } finally {
    engine.makeTensor = original;
  }
}

describeBackends('Sum and Mean gradients stay on the device', () => {
  afterEach(() => tf.disposeVariables());

  it('mean over the token axis: dy / n on every element, with no host-filled tensor', async () => {
    const x = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 1);
    const dy = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]);
    const { out, writes } = largeWrites(() => tf.grads((a: tf.Tensor) => tf.mean(a, 1))([x], dy));
    expect(writes).toBe(0);
    const g = await (out[0] as tf.Tensor).array() as number[][][];
    for (let b = 0; b < 2; b++) for (let t = 0; t < 6; t++) for (let c = 0; c < 4; c++) expect(g[b]?.[t]?.[c]).toBe(Math.fround((b * 4 + c + 1) / 6));
  });

  it('sum over several axes and over all of them: dy broadcast back', async () => {
    const x = tf.randomNormal([3, 2, 5], 0, 1, 'float32', 2);
    const dy = tf.tensor1d([1, -2]);
    const { out, writes } = largeWrites(() => tf.grads((a: tf.Tensor) => tf.sum(a, [0, 2]))([x], dy));
    expect(writes).toBe(0);
    const g = await (out[0] as tf.Tensor).array() as number[][][];
    expect(g.flat(2)).toEqual(Array.from({ length: 30 }, (_, i) => (Math.floor(i / 5) % 2 === 0 ? 1 : -2)));
    const all = tf.grad((a: tf.Tensor) => tf.sum(a))(x);
    expect(Array.from(await all.data())).toEqual(Array.from({ length: 30 }, () => 1));
    const keep = tf.grad((a: tf.Tensor) => tf.mean(a, -1, true))(x);
    expect(Array.from(await keep.data())).toEqual(Array.from({ length: 30 }, () => Math.fround(1 / 5)));
  });
});
