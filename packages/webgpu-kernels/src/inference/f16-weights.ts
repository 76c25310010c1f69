import type { DataId, Tensor } from '@spectromix/tensor';
import { flatDispatch } from '../backend.js';
import { storageBuffer } from '../adam/in-place-backend.js';
import { cachedPipeline, type OperandBuffer } from '../matmul/run-f16-matmul.js';
import { recordDispatch, type RecordingBackend } from '../matmul/record-pass.js';

// WebGPU's GPUBufferUsage bits (the constants are not global in every Node set-up).
const STORAGE = 0x0080;
const COPY_DST = 0x0008;

/** Threads per workgroup of the conversion pass. */
const THREADS = 256;

/** f16 copies of weights by the dataId of their f32 tensor: the shader-f16 matmul binds these instead of the f32 buffer. */
const copies = new WeakMap<DataId, OperandBuffer>();

/** The f16 copy of the tensor whose data is `dataId`, if one was made (see {@link makeF16Copy}). */
export function f16CopyOf(dataId: DataId): OperandBuffer | undefined {
  return copies.get(dataId);
}

/** WGSL of the conversion: `dst[i] = f16(src[i])`, the rounding the f16 matmuls apply to f32 operands as they load them. */
function conversionShader(): string {
  return `enable f16;

struct Uniforms { count : u32, rowStride : u32 };

@group(0) @binding(0) var<storage, read_write> dst : array<f16>;
@group(0) @binding(1) var<storage, read> src : array<f32>;
@group(0) @binding(2) var<uniform> u : Uniforms;

@compute @workgroup_size(${THREADS})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.y * u.rowStride + gid.x;
  if (i < u.count) { dst[i] = f16(src[i]); }
}
`;
}

/**
 * Converts a float32 tensor on the webgpu backend to an f16 buffer once (one compute pass, recorded in order with
 * tfjs's work) and registers it as the tensor's f16 copy, so f16 products read 2 bytes per weight and round nothing.
 * @returns the copy, or why none was made (another dtype, not a storage buffer).
 */
export function makeF16Copy(b: RecordingBackend, t: Tensor): OperandBuffer | string {
  if (t.dtype !== 'float32') return `${t.dtype} tensors keep their own buffer`;
  const existing = copies.get(t.dataId);
  if (existing != null) return existing;
  const src = storageBuffer(b, t.dataId);
  if (src == null) return 'the tensor is not in a storage buffer';
  const count = t.size;
  // WebGPU binds multiples of 4 bytes: an odd count gets one f16 of padding.
  const size = Math.max(4, Math.ceil((2 * count) / 4) * 4);
  const buffer = b.device.createBuffer({ size, usage: STORAGE | COPY_DST, label: 'spxF16Weight' });
  const pipeline = cachedPipeline(b.device, 'spxF16WeightCopy', conversionShader);
  const dispatch = flatDispatch(count, THREADS, b.device.limits.maxComputeWorkgroupsPerDimension);
  const uniforms = b.makeUniforms([
    { type: 'uint32', data: [count] },
    { type: 'uint32', data: [dispatch[0] * THREADS] },
  ]);
  const bindGroup = b.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer, offset: 0, size } },
      { binding: 1, resource: { buffer: src, offset: 0, size: 4 * count } },
      { binding: 2, resource: uniforms },
    ],
  });
  recordDispatch(b, pipeline, bindGroup, dispatch, [t.dataId], 'F16WeightCopyProgram');
  const copy = { buffer, size };
  copies.set(t.dataId, copy);
  return copy;
}

/** Forgets the f16 copy of `t` and frees it (after tfjs's pending work, which may read it, is submitted). */
export function releaseF16Copy(b: RecordingBackend, t: Tensor): void {
  const copy = copies.get(t.dataId);
  if (copy == null) return;
  copies.delete(t.dataId);
  if (b.commandEncoder != null) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
  copy.buffer.destroy();
}
