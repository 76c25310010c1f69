import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { describeBackends } from '@spectromix/tensor/testing';
import type { Mixer } from '../mixer.js';

// The README's custom-variant example is this folder's custom-variant.ts, verbatim; this test runs it. On cpu
// only: its layers are checked on cpu, wasm and webgpu in layers.test.ts; this checks the composition.
describeBackends('README custom variant', () => {
  it('is the code the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('./custom-variant.ts', import.meta.url), 'utf8');
    // The fence may carry the consumer test's annotations (`ts backend=cpu`); the code is what must match.
    expect(readme.replace(/^```ts .*$/gm, '```ts')).toContain('```ts\n' + source + '```');
  });

  it('builds, runs and trains', async () => {
    const { model, logits } = (await import('./custom-variant.js')) as { model: Mixer; logits: tf.Tensor };
    expect(logits.shape).toEqual([2, 10]);
    const names = [...model.parameters().keys()];
    expect(names).toContain('blocks.3.mlp_channels.fc2.weight');
    expect(names.some((n) => n.includes('hermit') || n.includes('norm2'))).toBe(false);
    const x = tf.randomNormal([1, 128, 128]);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.forward(x, { training: true }))) as tf.Scalar, [...model.trainableParameters().values()]);
    expect(Object.keys(grads)).toHaveLength(model.trainableParameters().size);
    tf.dispose([x, value, logits, ...Object.values(grads)]);
    model.dispose();
  });
}, ['cpu']);
