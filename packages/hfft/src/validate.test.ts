import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { HfftAxisError, HfftDtypeError, HfftError, HfftKernelPathError, HfftLengthError, HfftShapeError, forceKernelPath, hfft, irfft, rfft, fft, type FftNorm, type KernelPath } from './index.js';

// Validation runs before any kernel, so the default (cpu) backend is enough here.
describe('bad input gives typed errors naming what was expected', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('rejects int32, bool and complex64 inputs', () => {
    const ints = tf.tensor1d([1, 2, 3], 'int32');
    expect(() => rfft(ints)).toThrow(HfftDtypeError);
    expect(() => rfft(ints)).toThrow(/'x' must have dtype float32, got int32 \(shape \[3\]\).*tf\.cast/);
    expect(() => irfft(tf.tensor1d([1, 0], 'bool'), null)).toThrow(HfftDtypeError);
    const z = tf.complex(tf.tensor1d([1, 2]), tf.tensor1d([0, 1]));
    expect(() => fft(z, null)).toThrow(/complex64.*tf\.real\(z\) and tf\.imag\(z\)/);
    expect(() => fft(tf.tensor1d([1, 2]), tf.tensor1d([1, 2], 'int32'))).toThrow(HfftDtypeError);
    expect(() => rfft(ints)).toThrow(HfftError);
  });

  it('rejects scalars and non-tensors', () => {
    expect(() => rfft(tf.scalar(1))).toThrow(HfftShapeError);
    expect(() => rfft([1, 2, 3] as unknown as tf.Tensor)).toThrow(/must be a tf.Tensor/);
  });

  it('rejects an imaginary part whose shape differs from the real part', () => {
    const re = tf.zeros([2, 5]);
    expect(() => irfft(re, tf.zeros([2, 4]))).toThrow(HfftShapeError);
    expect(() => irfft(re, tf.zeros([2, 4]))).toThrow("'im' has shape [2, 4] but 're' has shape [2, 5]; expected 'im' of shape [2, 5]");
    expect(() => fft(re, tf.zeros([5, 2]))).toThrow(/expected 'im' of shape \[2, 5\]/);
  });

  it('rejects axes out of range and non-integer axes', () => {
    const x = tf.zeros([4, 5]);
    expect(() => rfft(x, { axis: 2 })).toThrow(HfftAxisError);
    expect(() => rfft(x, { axis: -3 })).toThrow('axis -3 is out of range for a tensor of shape [4, 5]; expected an integer with -2 <= axis < 2');
    expect(() => rfft(x, { axis: 0.5 })).toThrow(HfftAxisError);
  });

  it('rejects n < 1, fractional n, and a default n that would be 0 (torch errors there too)', () => {
    const x = tf.zeros([3, 4]);
    expect(() => rfft(x, { n: 0 })).toThrow(HfftLengthError);
    expect(() => rfft(x, { n: 2.5 })).toThrow('n must be an integer >= 1, got 2.5');
    const oneBin = tf.zeros([3, 1]);
    expect(() => irfft(oneBin, null)).toThrow(HfftLengthError);
    expect(() => hfft(oneBin, null)).toThrow(/default transform length is 2 \* \(m - 1\) with m = 1 input bins along axis 1 = 0.*Pass options\.n/);
    expect(() => rfft(tf.zeros([0, 3]), { axis: 0 })).toThrow(HfftLengthError);
    // An explicit n makes a one-bin input valid, as in torch.
    expect(hfft(oneBin, null, { n: 1 }).shape).toEqual([3, 1]);
  });

  it('rejects unknown norms and kernel paths', () => {
    expect(() => rfft(tf.zeros([4]), { norm: 'none' as FftNorm })).toThrow(/norm must be one of 'backward', 'ortho', 'forward'/);
    expect(() => forceKernelPath('fastest' as KernelPath)).toThrow(HfftKernelPathError);
  });
});
