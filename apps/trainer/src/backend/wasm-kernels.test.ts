import { describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { expectAllClose } from '@spectromix/tensor/testing';
import { patchWasmKernels } from './wasm-kernels.js';

/** Runs `f` on a backend and returns its outputs as plain arrays. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await initBackend(backend);
  if (backend === 'wasm') patchWasmKernels();
  const outs = f();
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  outs.forEach((t) => t.dispose());
  return values;
}

const rng = new tf.SeededRng(3);
const data = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());

describe('wasm kernel patch (compared with the cpu backend)', () => {
  it('Conv2D filter gradient: the strided patch embedding of ASM-RH and a padded 3x3 case', async () => {
    const cases = [
      { x: [2, 40, 36, 1], k: [16, 16, 1, 8], stride: 10, pad: 'valid' as const },
      { x: [1, 9, 7, 3], k: [3, 3, 3, 4], stride: 2, pad: 'same' as const },
    ];
    for (const c of cases) {
      const xv = data(c.x.reduce((a, b) => a * b));
      const kv = data(c.k.reduce((a, b) => a * b));
      const grads = (): tf.Tensor[] =>
        tf.tidy(() => {
          const x = tf.tensor4d(xv, c.x as [number, number, number, number]);
          const k = tf.tensor4d(kv, c.k as [number, number, number, number]);
          const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad))));
          return g([x, k]);
        });
      const [cpuDx, cpuDk] = await on('cpu', grads);
      const [wasmDx, wasmDk] = await on('wasm', grads);
      expectAllClose(wasmDk!, cpuDk!, { rtol: 1e-4, atol: 1e-3 }, 'filter gradient');
      expectAllClose(wasmDx!, cpuDx!, { rtol: 1e-4, atol: 1e-3 }, 'input gradient');
    }
  });

  it('is idempotent', async () => {
    await initBackend('wasm');
    patchWasmKernels();
    expect(patchWasmKernels()).toEqual([]);
  });
});
