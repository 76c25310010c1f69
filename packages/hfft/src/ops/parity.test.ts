import { afterAll, it } from 'vitest';
import { describeBackends } from '@spectromix/tensor/testing';
import { forceKernelPath, supportedKernelPaths } from '../index.js';
import { FIXTURE_OPS, checkCase, loadFixture } from '../../test/fixtures.js';

// Every op against torch.fft (forward values and autograd gradients), on every backend and every kernel path
// the backend runs.
describeBackends('torch.fft parity', (ctx) => {
  afterAll(() => forceKernelPath(null));
  for (const path of supportedKernelPaths(ctx.backend)) {
    for (const op of FIXTURE_OPS) {
      it(`${op} on the ${path} path`, async () => {
        forceKernelPath(path);
        for (const c of loadFixture(op)) await checkCase(c, ctx.tol);
      });
    }
  }
});
