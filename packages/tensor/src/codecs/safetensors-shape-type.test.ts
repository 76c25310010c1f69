import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as tf from '../index.js';
import { readSafetensors } from './safetensors-read.js';
import { writeSafetensors } from './safetensors-write.js';

describe('readSafetensors: tensors go to tf.tensor as they are', () => {
  it('its shape type is what tf.tensor takes in strict TypeScript (no copy, no cast); `pnpm typecheck` checks this file', async () => {
    await tf.setBackend('cpu');
    const file = readSafetensors(writeSafetensors(new Map([['w', { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }]])));
    const t = file.tensors.get('w')!;
    expectTypeOf(t.shape).toEqualTypeOf<number[]>();
    expectTypeOf(t.shape).toMatchTypeOf<Parameters<typeof tf.tensor>[1]>();
    const x = tf.tensor(t.data, t.shape);
    expect(x.shape).toEqual([2, 3]);
    expect(Array.from(await x.data())).toEqual([1, 2, 3, 4, 5, 6]);
    x.dispose();
  });
});
