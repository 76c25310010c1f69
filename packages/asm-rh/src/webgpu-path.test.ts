import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { fastKernelStats, installSpectromixKernels, resetFastKernelStats, uninstallSpectromixKernels } from '@spectromix/webgpu-kernels';
import { createModel } from './create.js';
import { fixtureCases, fixtureIo, fixtureWeights } from './testing/fixtures.js';

interface Outputs {
  readonly logits: Float32Array;
  readonly grads: Map<string, Float32Array>;
}

// Logits and the softmax cross-entropy gradient of every weight, for a fixture's weights and input.
async function logitsAndGrads(name: string): Promise<Outputs> {
  const c = fixtureCases().find((k) => k.name === name);
  if (c == null) throw new Error(`no fixture case ${name}`);
  const model = createModel(c.preset, { numClasses: c.numClasses, targetLength: c.targetLength, hermit: c.hermit, roll: c.roll, seed: 0 });
  model.loadWeights(fixtureWeights(name));
  const io = fixtureIo(name);
  const x = tf.tensor(io.input.data, io.input.shape);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: c.batch }, (_, i) => i % c.numClasses), 'int32'), c.numClasses);
  const vars = model.trainableParameters();
  let logits: tf.Tensor | null = null;
  const { value, grads } = tf.variableGrads(() => {
    logits = tf.keep(model.forward(x, { training: true }));
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  }, [...vars.values()]);
  const out = new Map<string, Float32Array>();
  for (const [n, v] of vars) out.set(n, (await (grads[v.name] as tf.Tensor).data()) as Float32Array);
  const result = { logits: (await (logits as unknown as tf.Tensor).data()) as Float32Array, grads: out };
  tf.dispose([x, labels, value, logits as unknown as tf.Tensor, ...Object.values(grads)]);
  model.dispose();
  return result;
}

// Issue 9: the optimised WebGPU path (fused @spectromix/webgpu-kernels ops) must give the logits and gradients
// of the reference path (the tfjs compositions the cpu backend runs, here with tfjs's stock WebGPU kernels), to
// 1e-4 of each tensor's largest magnitude. Reduced-width fixture models (D = 32, L = 3) keep lavapipe quick.
describeBackends('ASM-RH on WebGPU: fused path against the reference path', () => {
  for (const name of ['mini-t64', 'mini-t100-no-hermit']) {
    it(`${name}: logits and every weight's gradient`, async () => {
      // What an app does: the kernels package installed after initBackend (the reference runs before it, or without it).
      uninstallSpectromixKernels();
      const reference = await logitsAndGrads(name);
      installSpectromixKernels();
      resetFastKernelStats();
      const fast = await logitsAndGrads(name);
      const launched = fastKernelStats().fast;
      // Roll-Time runs inside the channel MLPs' fc1 products (forward, and the input and weight gradients as
      // remapped products): no roll pass at all in the forward and backward.
      for (const k of ['spectromix.Linear', 'spectromix.LayerNorm', 'spectromix.LayerNormSkip', 'spectromix.LayerNormGrad', 'spectromix.ColumnSum', 'spectromix.RowSum', 'spectromix.RolledLinear', 'spectromix.RollRemapMatMul', 'spectromix.Gelu']) {
        expect(launched[k] ?? 0, `${k} launches`).toBeGreaterThan(0);
      }
      expect(launched['spectromix.RollGroups'] ?? 0, 'roll passes').toBe(0);
      const maxAbs = (v: Float32Array): number => v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);
      // Each tensor at 1e-4 of its own largest magnitude, floored at 1e-3 of the largest gradient: the token
      // MLPs' fc2 biases have gradients that are zero in exact arithmetic (the next LayerNorm removes a
      // per-token constant), so both paths give rounding noise of ~1e-9 there; every other gradient is >1e-3.
      const floor = 1e-3 * Math.max(...[...reference.grads.values()].map(maxAbs));
      const close = (a: Float32Array | undefined, e: Float32Array, label: string, scaleFloor = 0): void => {
        expectAllClose(a ?? new Float32Array(0), e, { rtol: 1e-4, atol: 1e-4 * Math.max(maxAbs(e), scaleFloor) }, label);
      };
      close(fast.logits, reference.logits, 'logits');
      expect(fast.grads.size).toBe(reference.grads.size);
      for (const [n, g] of reference.grads) close(fast.grads.get(n), g, `gradient of ${n}`, floor);
    });
  }
}, ['webgpu']);
