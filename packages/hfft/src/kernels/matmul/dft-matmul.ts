import * as tf from '@spectromix/tensor';
import { TRANSFORM_KINDS } from '../../kernel-names.js';
import { halfLength, normScale } from '../../norm.js';
import { asTensor, mainInput, type TransformCall } from '../kernel-args.js';
import { createDeviceCache } from '../device-cache.js';
import { dftBasisTensors } from './basis.js';

const bases = createDeviceCache();

/**
 * The `'matmul'` path: every kernel as one or two matrix products with a cached basis (see `dftBasis`). Exact
 * up to float32 rounding, runs on any backend through `tf.matMul`, O(n^2) work per signal.
 */
export function matmulTransform(call: TransformCall): tf.Tensor[] {
  const { kernel, inputs, attrs, backend } = call;
  const { family, inverse } = TRANSFORM_KINDS[kernel];
  const { n, norm, adjoint } = attrs;
  const scale = normScale(norm, n, inverse);
  const weighted = adjoint && family !== 'c2c';
  const key = `${family}/${inverse ? 'inv' : 'fwd'}/${n}/${norm}${weighted ? '/adjoint' : ''}`;
  const [a, b] = bases.get(backend, key, () => dftBasisTensors(family, inverse, n, scale, weighted)) as [tf.Tensor2D, tf.Tensor2D];
  return tf.tidy(() => {
    const main = asTensor(mainInput(inputs));
    const lead = main.shape.slice(0, -1);
    const inner = main.shape[main.shape.length - 1] as number;
    const rows = main.size / Math.max(inner, 1);
    const flat = (t: tf.Tensor): tf.Tensor2D => tf.reshape(t, [rows, inner]);
    const re = flat(main);
    const im = inputs.im != null ? flat(asTensor(inputs.im)) : null;
    if (family === 'r2c') {
      const h = halfLength(n);
      return [tf.reshape(tf.matMul(re, a), [...lead, h]), tf.reshape(tf.matMul(re, b), [...lead, h])];
    }
    if (family === 'c2r') {
      const x = im == null ? tf.matMul(re, a) : tf.add(tf.matMul(re, a), tf.matMul(im, b));
      return [tf.reshape(x, [...lead, n])];
    }
    const outRe = im == null ? tf.matMul(re, a) : tf.sub(tf.matMul(re, a), tf.matMul(im, b));
    const outIm = im == null ? tf.matMul(re, b) : tf.add(tf.matMul(re, b), tf.matMul(im, a));
    return [tf.reshape(outRe, [...lead, n]), tf.reshape(outIm, [...lead, n])];
  });
}
