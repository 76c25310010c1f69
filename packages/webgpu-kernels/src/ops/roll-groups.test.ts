import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { fastKernelStats, resetFastKernelStats } from '../stats.js';
import { rollGroups64, uniform } from '../reference/float64.js';
import { rollGroupsComposite } from '../reference/composites.js';
import { outputFiniteDifferences, read } from '../testing/helpers.js';
import { KernelShapeError } from '../errors.js';
import { rollGroups, rollTimeSpec, type RollGroupsSpec } from './roll-groups.js';

describeBackends('rollGroups', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
    resetFastKernelStats();
  });

  it('rollTimeSpec follows the contract: t by -s, t by +s, f by -s, f by +s, rest unchanged', () => {
    expect(rollTimeSpec(3)).toEqual({ groups: 16, shiftF: [0, 0, -3, 3], shiftT: [-3, 3, 0, 0] });
  });

  // Group width 4 (vec4 path) with the Roll-Time shifts; group width 3 (scalar path) with shifts past n.
  const cases: [number[], RollGroupsSpec][] = [
    [[2, 3, 5, 16], rollTimeSpec(2, 4)],
    [[1, 4, 3, 12], { groups: 4, shiftF: [5, -1, 0, 2], shiftT: [-7, 0, 1, 3] }],
  ];
  for (const [shape, spec] of cases) {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = uniform(n, 21);
    const dy = uniform(n, 22);
    const s4 = shape as [number, number, number, number];

    it(`forward ${JSON.stringify(shape)} is the torch.roll permutation (and equals the composition)`, async () => {
      const got = await read(rollGroups(tf.tensor(x, shape), spec));
      expectAllClose(got, rollGroups64(x, s4, spec.groups, spec.shiftF, spec.shiftT), { rtol: 0, atol: 0 }, 'roll');
      const composite = await read(rollGroupsComposite(tf.tensor(x, shape), spec.groups, spec.shiftF, spec.shiftT));
      expectAllClose(got, composite, { rtol: 0, atol: 0 }, 'roll vs composite');
    });

    it(`gradient ${JSON.stringify(shape)} is the inverse roll of dy`, async () => {
      const g = await read(tf.grad((xx: Tensor) => rollGroups(xx, spec))(tf.tensor(x, shape), tf.tensor(dy, shape)));
      const inverse = rollGroups64(dy, s4, spec.groups, spec.shiftF.map((v) => -v), spec.shiftT.map((v) => -v));
      expectAllClose(g, inverse, { rtol: 0, atol: 0 }, 'roll gradient');
    });
  }

  it('gradient matches central differences', async () => {
    const shape = [1, 2, 3, 8];
    const spec = rollTimeSpec(1, 4);
    const x = uniform(48, 23);
    const w = uniform(48, 24);
    const analytic = await read(tf.grad((xx: Tensor) => rollGroups(xx, spec))(tf.tensor(x, shape), tf.tensor(w, shape)));
    const numeric = await outputFiniteDifferences((xx) => rollGroups(xx, spec), x, shape, w, 0.5);
    expectAllClose(analytic, numeric, { rtol: 1e-4, atol: 1e-6 }, 'roll vs finite differences');
  });

  it('rejects a group count that does not divide D', () => {
    expect(() => rollGroups(tf.zeros([1, 2, 2, 6]), { groups: 4, shiftF: [], shiftT: [] })).toThrow(KernelShapeError);
  });

  if (ctx.backend === 'webgpu') {
    it('ran the one-pass kernel', () => {
      expect(fastKernelStats().fast['spectromix.RollGroups']).toBeGreaterThan(0);
    });
  }
});
