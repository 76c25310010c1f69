import { describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { patchWasmKernels } from '../backend/wasm-kernels.js';
import { CnnClassifier, cnnFromConfig, isCnnConfig, type CnnConfig } from './cnn.js';

const config: CnnConfig = { kind: 'cnn', preset: 'cnn', channels: [4, 6], numClasses: 3, targetLength: 20, seed: 2 };

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`CnnClassifier [${backend}]`, () => {
    it('forward [B, T, 128] -> [B, K], a finite non-zero gradient for every weight, save/load round trip, no leak', async () => {
      await initBackend(backend);
      if (backend === 'wasm') patchWasmKernels();
      const model = new CnnClassifier(config);
      expect([...model.stateDictShapes()].slice(0, 5)).toEqual([
        ['stages.0.conv1.weight', [4, 1, 3, 3]],
        ['stages.0.norm1.weight', [4]],
        ['stages.0.norm1.bias', [4]],
        ['stages.0.conv2.weight', [4, 4, 3, 3]],
        ['stages.0.norm2.weight', [4]],
      ]);
      const x = tf.randomNormal([2, 20, 128], 0, 1, 'float32', 1);
      const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
      const before = tf.memory().numTensors;
      const params = [...model.trainableParameters()];
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.forward(x, { training: true })) as tf.Scalar, params.map(([, v]) => v));
      for (const [name, v] of params) {
        const g = await (grads[v.name] as tf.Tensor).data();
        expect(g.every(Number.isFinite) && g.some((e) => e !== 0), `gradient of ${name}`).toBe(true);
      }
      tf.dispose([value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
      const logits = model.forward(x);
      expect(logits.shape).toEqual([2, 3]);
      const bytes = await model.saveWeightsAsync();
      const copy = cnnFromConfig(JSON.parse(JSON.stringify(model.config)) as CnnConfig);
      expect(isCnnConfig(copy.config)).toBe(true);
      copy.loadWeights(bytes);
      const again = copy.forward(x);
      expect(Array.from(await again.data())).toEqual(Array.from(await logits.data()));
      expect(() => new CnnClassifier({ ...config, channels: [4, 8] }).loadWeights(bytes)).toThrow(/stages\.1\.conv1\.weight/);
      tf.dispose([x, y, logits, again]);
      model.dispose();
      copy.dispose();
    });
  });
}

it('the cnn preset is the issue-19 CNN size (about 1.2 M parameters)', () => {
  const model = new CnnClassifier({ ...config, channels: [32, 64, 128, 256], numClasses: 8, targetLength: 512 });
  expect(model.numParameters()).toBeGreaterThan(1.1e6);
  expect(model.numParameters()).toBeLessThan(1.3e6);
  model.dispose();
});
