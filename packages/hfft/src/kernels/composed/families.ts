import * as tf from '@spectromix/tensor';
import { TRANSFORM_KINDS } from '../../kernel-names.js';
import { binWeight, halfLength, normScale } from '../../norm.js';
import { asTensor, mainInput, type TransformCall } from '../kernel-args.js';
import type { DeviceCache } from '../device-cache.js';
import { composedFft, type LeafFft } from './complex-fft.js';

/**
 * Any kernel through an unscaled complex FFT composed of tfjs ops (see `composedFft`): r2c as a complex FFT of
 * the real signal keeping `floor(n/2)+1` bins; c2r as a complex FFT of the Hermitian extension (imaginary parts
 * of DC and Nyquist dropped) keeping the real part; then the norm's scale.
 */
export function composedTransform(call: TransformCall, leaf: LeafFft, cache: DeviceCache): tf.Tensor[] {
  const { kernel, inputs, attrs, backend } = call;
  const { family, inverse } = TRANSFORM_KINDS[kernel];
  const { n, norm, adjoint } = attrs;
  const sigma = inverse ? 1 : -1;
  const scale = normScale(norm, n, inverse);
  return tf.tidy(() => {
    const main = asTensor(mainInput(inputs));
    const lead = main.shape.slice(0, -1);
    const inner = main.shape[main.shape.length - 1] as number;
    const rows = inner === 0 ? 0 : main.size / inner;
    const flat = (t: tf.Tensor): tf.Tensor2D => tf.reshape(t, [rows, inner]);
    const re = flat(main);
    const im = inputs.im != null ? flat(asTensor(inputs.im)) : null;
    const shaped = (t: tf.Tensor, len: number): tf.Tensor => tf.reshape(tf.mul(t, scale), [...lead, len]);
    if (family === 'c2c') {
      const [yRe, yIm] = composedFft(re, im, n, sigma, leaf, cache, backend);
      return [shaped(yRe, n), shaped(yIm, n)];
    }
    const h = halfLength(n);
    // The adjoint bin weighting (see binWeight), or null when it is all ones.
    const weights = adjoint ? tf.tensor1d(Float32Array.from({ length: h }, (_, k) => binWeight(family, true, k, n))) : null;
    const weigh = (t: tf.Tensor2D): tf.Tensor2D => (weights == null ? t : tf.mul(t, weights));
    if (family === 'r2c') {
      const [yRe, yIm] = composedFft(re, null, n, sigma, leaf, cache, backend);
      return [shaped(weigh(tf.slice(yRe, [0, 0], [rows, h])), h), shaped(weigh(tf.slice(yIm, [0, 0], [rows, h])), h)];
    }
    const mirror = n - h;
    const imMask = Float32Array.from({ length: h }, (_, k) => (k === 0 || 2 * k === n ? 0 : 1));
    const reIn = weigh(re);
    const imIn = im == null ? tf.zeros([rows, h]) : weigh(tf.mul(im, tf.tensor1d(imMask)));
    const tail = (t: tf.Tensor2D): tf.Tensor2D => tf.reverse(tf.slice(t, [0, 1], [rows, mirror]), 1);
    const fullRe = mirror > 0 ? tf.concat([reIn, tail(reIn)], 1) : reIn;
    const fullIm = mirror > 0 ? tf.concat([imIn, tf.neg(tail(imIn as tf.Tensor2D))], 1) : imIn;
    const [yRe] = composedFft(fullRe, fullIm as tf.Tensor2D, n, sigma, leaf, cache, backend);
    return [shaped(yRe, n)];
  });
}
