import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@spectromix/tensor';
import { initBackend } from '@spectromix/tensor/node';
import { storageBuffer } from '../adam/in-place-backend.js';
import { asRecordingBackend, recordDispatch } from './record-pass.js';

/** out = 2 a + b, in a pipeline of our own (what the f16 matmul does with a shader tfjs cannot build). */
const SHADER = `
@group(0) @binding(0) var<storage, read_write> out : array<f32>;
@group(0) @binding(1) var<storage, read> a : array<f32>;
@group(0) @binding(2) var<storage, read> b : array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  if (id.x < arrayLength(&a)) { out[id.x] = 2.0 * a[id.x] + b[id.x]; }
}`;

describe('recordDispatch (webgpu)', () => {
  beforeAll(async () => {
    await initBackend('webgpu');
  });

  function doubleAdd(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    const backend = asRecordingBackend(tf.backend());
    if (backend == null) throw new Error('not the tfjs 4.22 webgpu backend');
    const device = backend.device;
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: 'main' } });
    const out = (tf.backend() as unknown as { makeTensorInfo(shape: number[], dtype: 'float32'): tf.TensorInfo }).makeTensorInfo(a.shape, 'float32');
    const buffers = [out, a, b].map((t) => storageBuffer(backend, t.dataId));
    const bytes = 4 * a.size;
    const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map((buffer, i) => ({ binding: i, resource: { buffer: buffer as GPUBuffer, offset: 0, size: bytes } })) });
    recordDispatch(backend, pipeline, group, [Math.ceil(a.size / 64), 1, 1], [a.dataId, b.dataId, out.dataId], 'DoubleAddProgram');
    return tf.engine().makeTensorFromTensorInfo(out);
  }

  it("runs in order with tfjs's own launches in the same command encoder (inputs tfjs has not submitted yet, a consumer after)", async () => {
    const n = 1000;
    const x = tf.range(0, n, 1, 'float32');
    // Inputs that tfjs computes in its pending encoder, and a consumer of our output recorded after it.
    const a = tf.add(x, 1);
    const b = tf.mul(x, 3);
    const y = doubleAdd(a, b);
    a.dispose();
    b.dispose();
    const z = tf.add(y, 1);
    const got = await z.data();
    for (let i = 0; i < n; i++) expect(got[i]).toBe(2 * (i + 1) + 3 * i + 1);
    tf.dispose([x, y, z]);
  });

  it('is timed under tf.time like tfjs launches', async () => {
    const a = tf.ones([4096]);
    const b = tf.ones([4096]);
    let y: tf.Tensor | undefined;
    const info = await tf.time(() => {
      y = doubleAdd(a, b);
    });
    expect(info.kernelMs).toBeGreaterThan(0);
    expect(Array.from((await y?.data()) ?? []).every((v) => v === 3)).toBe(true);
    tf.dispose([a, b, y as tf.Tensor]);
  });
});
