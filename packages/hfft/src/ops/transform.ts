import * as tf from '@spectromix/tensor';
import { TRANSFORM_KINDS, type HfftKernelName } from '../kernel-names.js';
import { halfLength } from '../norm.js';
import { ensureHfftKernels } from '../register.js';
import { runKernelOnActiveBackend } from '../kernel-run.js';
import type { FftOptions } from '../types.js';
import { fromLastAxis, toLastAxis } from '../layout.js';
import { checkFloatTensor, checkImagPart, checkNorm, normalizeAxis, transformLength } from '../validate.js';

/**
 * The body every op shares: validate, move `axis` last, crop or zero-pad it to the kernel's length, run the
 * kernel on the active backend, move the axis back.
 * @param op the public op name, for error messages.
 * @param kernel the kernel to run.
 * @param main the real input (r2c) or real part (c2r, c2c).
 * @param im the imaginary part (c2r, c2c) or null for zero.
 * @returns the kernel outputs: `[re, im]` or `[x]`.
 */
export function runTransform(op: string, kernel: HfftKernelName, main: tf.Tensor, im: tf.Tensor | null, options: FftOptions = {}): tf.Tensor[] {
  const { family } = TRANSFORM_KINDS[kernel];
  checkFloatTensor(op, family === 'r2c' ? 'x' : 're', main);
  if (im != null) checkImagPart(op, main, im);
  const axis = normalizeAxis(op, options.axis ?? -1, main.shape);
  const norm = checkNorm(op, options.norm ?? 'backward');
  const m = main.shape[axis] as number;
  const n = family === 'c2r'
    ? transformLength(op, options.n, 2 * (m - 1), `2 * (m - 1) with m = ${m} input bins along axis ${axis}`)
    : transformLength(op, options.n, m, `the input length along axis ${axis}`);
  const length = family === 'c2r' ? halfLength(n) : n;
  ensureHfftKernels();
  return tf.tidy(() => {
    const inputs: tf.NamedTensorMap = family === 'r2c' ? { x: toLastAxis(main, axis, length) } : { re: toLastAxis(main, axis, length) };
    if (im != null) inputs['im'] = toLastAxis(im, axis, length);
    return runKernelOnActiveBackend(kernel, inputs, n, norm).map((t) => fromLastAxis(t, axis));
  });
}
