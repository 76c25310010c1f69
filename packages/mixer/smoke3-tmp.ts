import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { HermitFrequencyMixing, withInitSeed, LayerNorm } from '@spectromix/mixer';
await initBackend('webgpu');
for (const t of [9, 9, 5]) {
  const grid = { freq: 12, time: t };
  const h = withInitSeed(0, () => new HermitFrequencyMixing({ grid, dim: 32 }));
  const ln = new LayerNorm(32, 1e-6);
  const x = tf.randomNormal([2, 12 * t, 32]);
  let t0 = performance.now();
  const y = h.forward(x);
  await y.data();
  console.log('hermit', t, (performance.now() - t0).toFixed(0));
  t0 = performance.now();
  const y2 = h.forward(ln.forward(x));
  await y2.data();
  console.log('hermit(ln)', t, (performance.now() - t0).toFixed(0));
}
