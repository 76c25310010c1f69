import * as tf from '@spectromix/tensor';
import { createDeviceCache } from '../device-cache.js';
import type { TransformCall } from '../kernel-args.js';
import { dftBasisTensors } from '../matmul/basis.js';
import type { LeafFft, Pair2D } from './complex-fft.js';
import { composedTransform } from './families.js';

const cache = createDeviceCache();

/** Largest length the `'four-step'` path transforms with one matrix product. */
export const FOUR_STEP_LEAF_MAX = 64;

function matmulLeaf(backend: object): LeafFft {
  return {
    accepts: (n) => n <= FOUR_STEP_LEAF_MAX,
    run: (re, im, n, sigma): Pair2D => {
      const [a, b] = cache.get(backend, `leaf/${n}/${sigma}`, () => dftBasisTensors('c2c', sigma === 1, n, 1)) as [tf.Tensor2D, tf.Tensor2D];
      if (im == null) return [tf.matMul(re, a), tf.matMul(re, b)];
      return [tf.sub(tf.matMul(re, a), tf.matMul(im, b)), tf.add(tf.matMul(re, b), tf.matMul(im, a))];
    },
  };
}

/**
 * The `'four-step'` path: O(n log n) FFTs composed of tfjs ops only (matrix-product DFTs of at most 64 points,
 * twiddle products and transposes; Bluestein for prime lengths), so any backend transforms long signals
 * without an n x n basis.
 */
export function fourStepTransform(call: TransformCall): tf.Tensor[] {
  return composedTransform(call, matmulLeaf(call.backend), cache);
}
