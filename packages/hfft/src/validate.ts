import type { Tensor } from '@spectromix/tensor';
import { HfftAxisError, HfftDtypeError, HfftLengthError, HfftShapeError } from './errors.js';
import { FFT_NORMS, type FftNorm } from './types.js';

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Checks that `t` is a float32 tensor of rank >= 1.
 * @param op the public op name, for messages.
 * @param name the argument name, for messages.
 */
export function checkFloatTensor(op: string, name: string, t: Tensor): void {
  if (t == null || typeof t !== 'object' || !Array.isArray(t.shape) || typeof t.dtype !== 'string') {
    throw new HfftDtypeError(`${op}: '${name}' must be a tf.Tensor of dtype float32, got ${t === null ? 'null' : typeof t}.`);
  }
  if (t.dtype !== 'float32') {
    const hint = t.dtype === 'complex64'
      ? "complex values are passed as two float32 tensors: use tf.real(z) and tf.imag(z) as 're' and 'im'"
      : `cast it first with tf.cast(${name}, 'float32')`;
    throw new HfftDtypeError(`${op}: '${name}' must have dtype float32, got ${t.dtype} (shape ${shapeText(t.shape)}); ${hint}.`);
  }
  if (t.shape.length === 0) {
    throw new HfftShapeError(`${op}: '${name}' is a scalar (shape []); expected a tensor of rank >= 1 with the signal along 'axis'. Reshape it, e.g. tf.reshape(${name}, [1]).`);
  }
}

/** Checks that the imaginary part is a float32 tensor shaped exactly like the real part. */
export function checkImagPart(op: string, re: Tensor, im: Tensor): void {
  checkFloatTensor(op, 'im', im);
  const same = im.shape.length === re.shape.length && im.shape.every((d, i) => d === re.shape[i]);
  if (!same) {
    throw new HfftShapeError(`${op}: 'im' has shape ${shapeText(im.shape)} but 're' has shape ${shapeText(re.shape)}; expected 'im' of shape ${shapeText(re.shape)}, or null for a zero imaginary part.`);
  }
}

/**
 * Resolves a possibly negative axis against a shape.
 * @returns the axis in `[0, rank)`.
 */
export function normalizeAxis(op: string, axis: number, shape: readonly number[]): number {
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new HfftAxisError(`${op}: axis ${String(axis)} is out of range for a tensor of shape ${shapeText(shape)}; expected an integer with ${-rank} <= axis < ${rank}.`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Checks `norm` is one of the three modes. */
export function checkNorm(op: string, norm: unknown): FftNorm {
  if (!FFT_NORMS.includes(norm as FftNorm)) {
    throw new HfftLengthError(`${op}: norm must be one of ${FFT_NORMS.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(norm)}.`);
  }
  return norm as FftNorm;
}

/**
 * The transform length: `n` when given, else `implied`; must be an integer >= 1.
 * @param implied the default length derived from the input.
 * @param impliedFrom how the default was derived, for messages (e.g. "2 * (m - 1) with m = 1 input bins").
 */
export function transformLength(op: string, n: number | undefined, implied: number, impliedFrom: string): number {
  if (n != null) {
    if (!Number.isInteger(n) || n < 1) {
      throw new HfftLengthError(`${op}: n must be an integer >= 1, got ${String(n)}.`);
    }
    return n;
  }
  if (implied < 1) {
    throw new HfftLengthError(`${op}: the default transform length is ${impliedFrom} = ${implied}, which is not >= 1. Pass options.n explicitly or give the axis more elements.`);
  }
  return implied;
}
