import * as tf from '@spectromix/tensor';
import type { SeededRng } from '@spectromix/tensor';
import { drawMask, resolveSpecAugment, type SpecAugmentOptions } from '../spec-augment.js';
import { assertBatch } from './validate-batch.js';

/**
 * Batched {@link specAugment} on `[B, frames, bins]`, iid masks per example (torchaudio `iid_masks=True`).
 * Masks are drawn on the CPU from `rng` example after example, exactly as calling `specAugment` on each row
 * in turn with the same generator would, then applied with two broadcast multiplies.
 */
export function specAugmentBatch(x: tf.Tensor3D, options: SpecAugmentOptions, rng: SeededRng): tf.Tensor3D {
  assertBatch(x, 3, 'x', '[batch, frames, bins]');
  const [batch = 0, frames = 0, bins = 0] = x.shape;
  const o = resolveSpecAugment(options, frames);
  const keepTime = new Float32Array(batch * frames).fill(1);
  const keepFreq = new Float32Array(batch * bins).fill(1);
  for (let b = 0; b < batch; b++) {
    if (o.freqMaskParam >= 1) {
      for (let i = 0; i < o.numFreqMasks; i++) {
        const { start, end } = drawMask(bins, o.freqMaskParam, rng);
        keepFreq.fill(0, b * bins + start, b * bins + end);
      }
    }
    if (o.timeMaskParam >= 1) {
      for (let i = 0; i < o.numTimeMasks; i++) {
        const { start, end } = drawMask(frames, o.timeMaskParam, rng);
        keepTime.fill(0, b * frames + start, b * frames + end);
      }
    }
  }
  return tf.tidy(() => {
    const keep = tf.mul(tf.tensor3d(keepTime, [batch, frames, 1]), tf.tensor3d(keepFreq, [batch, 1, bins]));
    const kept = tf.mul(x, keep);
    return (o.maskValue === 0 ? kept : tf.add(kept, tf.mul(tf.sub(1, keep), o.maskValue))) as tf.Tensor3D;
  });
}
