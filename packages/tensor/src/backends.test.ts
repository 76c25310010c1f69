import { describe, expect, it } from 'vitest';
import { initBackend, useBackend } from './node.js';
import { BackendUnavailableError, TensorflowBackendMissingError } from './backend-types.js';
import * as tf from './index.js';

describe('backend selection in Node', () => {
  it("'tensorflow' without tfjs-node gives the typed error with install advice", async () => {
    const error = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TensorflowBackendMissingError);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('@tensorflow/tfjs-node-gpu');
    expect(message).toContain('CUDA 11.2');
    expect(message).toContain('cuDNN 8.1');
  });

  it("'webgl' is refused in Node with a typed error", async () => {
    await expect(initBackend('webgl')).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('unknown names are refused', async () => {
    // @ts-expect-error testing a bad name from untyped callers
    await expect(initBackend('metal')).rejects.toThrow(/Unknown backend 'metal'/);
  });

  it('useBackend falls back and says why', async () => {
    const choice = await useBackend(['tensorflow', 'cpu']);
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.rejected.map((r) => r.name)).toEqual(['tensorflow']);
    expect(choice.reason).toMatch(/'tensorflow' failed/);
  });

  it('webgpu through Dawn raises the storage binding limit to the adapter maximum', async () => {
    const choice = await initBackend('webgpu');
    expect(choice.name).toBe('webgpu');
    expect(Number(choice.details['maxStorageBufferBindingSize'])).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    const y = tf.sum(tf.matMul(tf.ones([8, 8]), tf.ones([8, 8])));
    expect((await y.data())[0]).toBe(512);
    y.dispose();
  });

  it('re-exports tfjs-core with gradients registered', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, x)));
    const out = g(tf.tensor1d([1, 2, 3]));
    expect(Array.from(out.dataSync())).toEqual([2, 4, 6]);
  });
});
