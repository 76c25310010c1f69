import { beforeAll, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import type { Tensor } from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { registerFastWebGPUKernels } from '../register.js';
import { fastKernelStats } from '../stats.js';
import { gelu64, geluGrad64, matMul64, rollGroups64, uniform } from '../reference/float64.js';
import { read } from '../testing/helpers.js';
import { KernelShapeError } from '../errors.js';
import { asWebGPUBackend } from '../backend.js';
import { runFastMatMul } from '../matmul/run-matmul.js';
import type { MatMulPlan } from '../matmul/matmul-plan.js';
import { linear } from './linear.js';
import { rollGroups } from './roll-groups.js';
import { rolledLinear } from './rolled-linear.js';
import { rollRemapMatMul } from './roll-remap-matmul.js';
import type { TokenRollSpec } from './token-roll.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };
const ROLLED = ['spectromix.RolledLinear', 'spectromix.RollRemapMatMul'];

describeBackends('rolledLinear', (ctx) => {
  beforeAll(() => {
    registerFastWebGPUKernels();
  });

  it('reads tokens as torch.roll moves them (out[i] = in[(i - k) mod n])', async () => {
    // Every channel of token row r holds r; fc sums group 0 (channels 0-3) / 4, which rolls by +1 along T':
    // token (b, f, t) reads token (b, f, t - 1 mod 5). Same geometry and epilogue as the cases below (one shader).
    const x = tf.tensor(Array.from({ length: 30 * 32 }, (_, i) => Math.floor(i / 32)), [30, 32]);
    const fc = tf.tensor(Array.from({ length: 32 }, (_, c) => (c < 4 ? 0.25 : 0)), [32, 1]);
    const y = await read(rolledLinear(x, fc, { freq: 3, time: 5, groups: 8, shiftF: [], shiftT: [1] }, { bias: tf.zeros([1]) }));
    const expected = Array.from({ length: 30 }, (_, r) => r - (r % 5) + ((r % 5) + 4) % 5);
    expect(Array.from(y)).toEqual(expected);
  });

  // F' = 3, T' = 5, B = 2; C = 8 groups of 4 channels (16-byte runs) and of 2 (scalar loads and writes), with
  // the Roll-Time shifts 1 and 2 and shifts past the axis length in both directions (folded into the matmul), and
  // one roll moving more groups than the remap takes (rolled on its own, then multiplied).
  const [F, T, B, DC] = [3, 5, 2, 12];
  const rows = B * F * T;
  const cases: [number, TokenRollSpec, boolean][] = [
    [32, { freq: F, time: T, groups: 8, shiftF: [0, 0, -1, 1], shiftT: [-1, 1, 0, 0] }, true],
    [32, { freq: F, time: T, groups: 8, shiftF: [0, 0, -2, 7], shiftT: [-7, 12, 0, 0] }, true],
    [16, { freq: F, time: T, groups: 8, shiftF: [0, 0, -2, 4], shiftT: [-7, 2, 0, 0] }, true],
    [32, { freq: F, time: T, groups: 8, shiftF: [0, 0, -2, 2, 4, -3, 0, 7], shiftT: [-2, 2, 0, 0, 7, 0, -6, 5] }, false],
  ];
  // Roll passes (the rollGroups kernel) that `f` launches on WebGPU.
  const rollPasses = async (f: () => Promise<void>): Promise<number> => {
    const before = fastKernelStats().fast['spectromix.RollGroups'] ?? 0;
    await f();
    return (fastKernelStats().fast['spectromix.RollGroups'] ?? 0) - before;
  };
  for (const [D, roll, folded] of cases) {
    const label = `D=${D} shiftF=${roll.shiftF.join(',')} shiftT=${roll.shiftT.join(',')}`;
    const shape4 = [B, F, T, D] as const;
    const x = uniform(rows * D, 51);
    const w = uniform(D * DC, 52);
    const bias = uniform(DC, 53);
    const res = uniform(rows * DC, 54);
    const dy = uniform(rows * DC, 55);
    const xr = rollGroups64(x, shape4, roll.groups, roll.shiftF, roll.shiftT);
    const z = Array.from(matMul64({ data: xr, batch: 1, rows, cols: D }, { data: w, batch: 1, rows: D, cols: DC }, false, false), (v, i) => v + (bias[i % DC] as number));
    const args = (): [Tensor, Tensor] => [tf.tensor(x, [B, F * T, D]), tf.tensor(w, [D, DC])];

    it(`${label}: forward act(roll(x) W + b) + residual matches float64 and rollGroups then linear`, async () => {
      let lin: Float32Array = new Float32Array(0);
      const passes = await rollPasses(async () => {
        lin = await read(rolledLinear(...args(), roll, { bias: tf.tensor(bias) }));
        // The GELU + residual epilogue once per group width kind (each variant is a shader compile on lavapipe).
        if (D === 32) {
          const act = await read(rolledLinear(...args(), roll, { bias: tf.tensor(bias), activation: 'gelu', residual: tf.tensor(res, [B, F * T, DC]) }));
          expectAllClose(act, z.map((v, i) => gelu64(v) + (res[i] as number)), TOL, 'gelu + residual');
        }
      });
      expectAllClose(lin, z, TOL, 'linear');
      if (ctx.backend === 'webgpu') expect(passes, 'roll passes').toBe(folded ? 0 : 2);
      const [xt, wt] = args();
      const unfused = await read(tf.tidy(() => linear(tf.reshape(rollGroups(tf.reshape(xt, [...shape4]), roll), [rows, D]), wt, { bias: tf.tensor(bias) })));
      expectAllClose(lin, unfused, TOL, 'rolledLinear vs rollGroups + linear');
    });

    it(`${label}: gradients dx, dW, db (GELU and residual recorded) match float64`, async () => {
      const dz = z.map((v, i) => (dy[i] as number) * geluGrad64(v));
      const f = (a: Tensor, b: Tensor, c: Tensor, r: Tensor) => rolledLinear(a, b, roll, { bias: c, activation: 'gelu', residual: r });
      let grads: Tensor[] = [];
      const passes = await rollPasses(async () => {
        grads = tf.grads(f)([...args(), tf.tensor(bias), tf.tensor(res, [B, F * T, DC])], tf.tensor(dy, [B, F * T, DC]));
        await Promise.all(grads.map((g) => g.data()));
      });
      if (ctx.backend === 'webgpu') expect(passes, 'roll passes').toBe(folded ? 0 : 2);
      const [gx, gw, gb, gr] = grads as [Tensor, Tensor, Tensor, Tensor];
      const dxRolled = matMul64({ data: dz, batch: 1, rows, cols: DC }, { data: w, batch: 1, rows: D, cols: DC }, false, true);
      const unroll = rollGroups64(dxRolled, shape4, roll.groups, roll.shiftF.map((s) => -s), roll.shiftT.map((s) => -s));
      expect(gx.shape).toEqual([B, F * T, D]);
      expectAllClose(await read(gx), unroll, TOL, 'dx');
      expectAllClose(await read(gw), matMul64({ data: xr, batch: 1, rows, cols: D }, { data: dz, batch: 1, rows, cols: DC }, true, false), TOL, 'dW');
      const db = new Float64Array(DC);
      dz.forEach((v, i) => (db[i % DC] = (db[i % DC] as number) + v));
      expectAllClose(await read(gb), db, TOL, 'db');
      expectAllClose(await read(gr), dy, { rtol: 0, atol: 0 }, 'dresidual');
    });
  }

  it('rejects tokens that are not whole items of the grid, and groups that do not divide D', () => {
    const spec = { freq: 3, time: 5, groups: 8, shiftF: [], shiftT: [1] };
    expect(() => rolledLinear(tf.zeros([14, 32]), tf.zeros([32, 4]), spec)).toThrow(KernelShapeError);
    expect(() => rolledLinear(tf.zeros([15, 30]), tf.zeros([30, 4]), spec)).toThrow(KernelShapeError);
    expect(() => rolledLinear(tf.zeros([15, 32]), tf.zeros([16, 4]), spec)).toThrow(KernelShapeError);
    expect(() => rollRemapMatMul(tf.zeros([15, 32]), tf.zeros([32, 4]), { remap: 'output', roll: spec })).toThrow(KernelShapeError);
  });

  if (ctx.backend === 'webgpu') {
    it('ran the remapped matmuls', () => {
      for (const k of ROLLED) expect(fastKernelStats().fast[k] ?? 0, k).toBeGreaterThan(0);
    });

    // Both remaps under a K split (forced: the planner does not split products this small). The remap lives in the
    // loads and the write, apart from the register blocking, so one tile suffices (each variant costs lavapipe a compile).
    for (const plan of [{ tile: 'tiny', splitK: 3 }] as MatMulPlan[]) {
      it(`forced plan ${JSON.stringify(plan)}: roll(x)^T dy and unroll(dy W^T)`, async () => {
        const backend = asWebGPUBackend(tf.backend());
        const [D, roll] = cases[1] as [number, TokenRollSpec, boolean];
        const shape4 = [B, F, T, D] as const;
        const x = uniform(rows * D, 61);
        const dz = uniform(rows * DC, 62);
        const w = uniform(D * DC, 63);
        const remap = { freq: F, time: T, groupWidth: D / roll.groups, shiftF: roll.shiftF, shiftT: roll.shiftT };
        const dW = runFastMatMul(backend, { a: tf.tensor(x, [rows, D]), b: tf.tensor(dz, [rows, DC]), transposeA: true, transposeB: false, roll: { operand: 'a', ...remap } }, plan);
        const dx = runFastMatMul(backend, { a: tf.tensor(dz, [rows, DC]), b: tf.tensor(w, [D, DC]), transposeA: false, transposeB: true, roll: { operand: 'output', ...remap } }, plan);
        if (typeof dW === 'string' || typeof dx === 'string') throw new Error(String(typeof dW === 'string' ? dW : dx));
        const xr = rollGroups64(x, shape4, roll.groups, roll.shiftF, roll.shiftT);
        expectAllClose(await read(tf.engine().makeTensorFromTensorInfo(dW)), matMul64({ data: xr, batch: 1, rows, cols: D }, { data: dz, batch: 1, rows, cols: DC }, true, false), TOL, 'dW');
        const prod = matMul64({ data: dz, batch: 1, rows, cols: DC }, { data: w, batch: 1, rows: D, cols: DC }, false, true);
        const unroll = rollGroups64(prod, shape4, roll.groups, roll.shiftF.map((s) => -s), roll.shiftT.map((s) => -s));
        expectAllClose(await read(tf.engine().makeTensorFromTensorInfo(dx)), unroll, TOL, 'dx');
      });
    }
  }
});
