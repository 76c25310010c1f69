import * as tf from '@spectromix/tensor';

/**
 * Moves `axis` of `x` to the end and crops or zero-pads it to `length` (the `n` semantics of torch.fft).
 * Returns `x` itself when nothing changes.
 */
export function toLastAxis(x: tf.Tensor, axis: number, length: number): tf.Tensor {
  const rank = x.shape.length;
  let y = x;
  if (axis !== rank - 1) {
    const perm = [...Array(rank).keys()].filter((d) => d !== axis);
    perm.push(axis);
    y = tf.transpose(y, perm);
  }
  const current = y.shape[rank - 1] as number;
  if (current > length) {
    y = tf.slice(y, new Array<number>(rank).fill(0), [...y.shape.slice(0, -1), length]);
  } else if (current < length) {
    const paddings = y.shape.map((): [number, number] => [0, 0]);
    paddings[rank - 1] = [0, length - current];
    y = tf.pad(y, paddings);
  }
  return y;
}

/** Moves the last axis of `y` back to position `axis` (the inverse of the transpose in {@link toLastAxis}). */
export function fromLastAxis(y: tf.Tensor, axis: number): tf.Tensor {
  const rank = y.shape.length;
  if (axis === rank - 1) return y;
  const perm: number[] = [];
  for (let d = 0; d < rank - 1; d++) {
    if (d === axis) perm.push(rank - 1);
    perm.push(d);
  }
  return tf.transpose(y, perm);
}
