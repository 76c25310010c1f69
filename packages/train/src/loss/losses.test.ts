import { describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends, expectAllClose } from '@spectromix/tensor/testing';
import { loadReference } from '../test-utils/fixtures.js';
import { createLoss, sigmoidBinaryCrossEntropy, softmaxCrossEntropy } from './losses.js';
import { TrainConfigError } from '../errors.js';

const ref = loadReference().losses;
const [n, k] = ref.shape;

function target(name: string): tf.Tensor {
  if (name.includes('hard')) return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(ref.hard, 'int32'), k), 'float32'));
  if (name.includes('multi')) return tf.tensor2d(ref.multi, [n, k]);
  return tf.tensor2d(ref.soft, [n, k]);
}

function lossFor(name: string): (l: tf.Tensor, t: tf.Tensor) => tf.Scalar {
  if (name.startsWith('bce')) return sigmoidBinaryCrossEntropy;
  const smoothing = name === 'ce-hard-smooth' ? 0.1 : name === 'ce-soft-smooth' ? 0.2 : 0;
  return (l, t) => softmaxCrossEntropy(l, t, { labelSmoothing: smoothing });
}

describeBackends('losses match torch.nn.functional', ({ tol }) => {
  for (const c of ref.cases) {
    it(`${c.name}: value and gradient`, async () => {
      const logits = tf.tensor2d(ref.logits, [n, k]);
      const t = target(c.name);
      const fn = lossFor(c.name);
      const [v, g] = tf.tidy(() => {
        const f = tf.valueAndGrad((l: tf.Tensor) => fn(l, t));
        const r = f(logits);
        return [r.value, r.grad];
      });
      expectAllClose(await v.data(), [c.value], { rtol: tol.rtol * 10, atol: 1e-6 }, `${c.name} value`);
      expectAllClose(await g.data(), c.grad, { rtol: tol.rtol * 10, atol: 1e-6 }, `${c.name} grad`);
      [logits, t, v, g].forEach((x) => x.dispose());
    });
  }
});

describe('loss options', () => {
  it('validates label smoothing and shapes, and names losses as recipes do', () => {
    const a = tf.zeros([2, 3]);
    expect(() => softmaxCrossEntropy(a, a, { labelSmoothing: 1 })).toThrow(TrainConfigError);
    expect(() => softmaxCrossEntropy(a, tf.zeros([2, 4]))).toThrow(/same shape/);
    expect(() => createLoss('sigmoid-bce', { labelSmoothing: 0.1 })).toThrow(/softmax-ce/);
    expect(() => createLoss('hinge' as never)).toThrow(/unknown loss/);
    expect(createLoss('sigmoid-bce')).toBe(sigmoidBinaryCrossEntropy);
  });
});
