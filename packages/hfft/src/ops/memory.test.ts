import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, liveTensors } from '@spectromix/tensor/testing';
import { clearHfftCache, fft, forceKernelPath, hfftCacheSize, hfft, irfft, rfft, supportedKernelPaths } from '../index.js';

describeBackends('memory', (ctx) => {
  for (const path of supportedKernelPaths(ctx.backend)) {
    it(`forward and backward passes leave only their results (and the constant cache) on the ${path} path`, async () => {
      forceKernelPath(path);
      try {
        const x = tf.randomUniform([3, 20, 2], -1, 1, 'float32', 3);
        const step = (): tf.Tensor => {
          const loss = (v: tf.Tensor): tf.Tensor => {
            const { re, im } = rfft(v, { axis: 1 });
            const y = irfft(re, im, { n: 20, axis: 1 });
            const z = hfft(y, null, { axis: 1, n: 38, norm: 'ortho' });
            const c = fft(z, null, { axis: 1 });
            return tf.sum(tf.add(tf.square(c.re), c.im));
          };
          return tf.grad(loss)(x);
        };
        step().dispose();
        const cached = hfftCacheSize();
        const before = liveTensors();
        const g = step();
        await g.data();
        expect(liveTensors()).toBe(before + 1);
        g.dispose();
        expect(hfftCacheSize()).toBe(cached);
        clearHfftCache();
        expect(hfftCacheSize()).toBe(0);
        expect(liveTensors()).toBe(before - cached);
        x.dispose();
      } finally {
        forceKernelPath(null);
      }
    });
  }
});
