import type { TensorInfo } from '@spectromix/tensor';
import type { FastBackend } from '../backend.js';
import { storageBuffer } from '../adam/in-place-backend.js';
import { f16Fragment, type F16Fragment } from './f16-caps.js';
import { f16MatMulShader, f16SpecKey } from './f16-shader.js';
import { hasEdges, planF16MatMul } from './f16-plan.js';
import { matMulDevice } from './matmul-device.js';
import type { F16MatMulSpec, F16Tile } from './f16-types.js';
import { asRecordingBackend, recordDispatch, type RecordingBackend } from './record-pass.js';
import type { MatMulGeometry } from './run-matmul.js';

/** The operands of a plain, transposed or batched product (no epilogue). */
export interface F16MatMulArgs {
  readonly a: TensorInfo;
  readonly b: TensorInfo;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** The compute pipeline of a spec on a device (compiled on first use). */
export function f16Pipeline(device: GPUDevice, spec: F16MatMulSpec): GPUComputePipeline {
  return cachedPipeline(device, f16SpecKey(spec), () => f16MatMulShader(spec));
}

/** A compute pipeline by key on a device, compiled from `code()` on first use (f16 kernels: tfjs cannot build them). */
export function cachedPipeline(device: GPUDevice, key: string, code: () => string): GPUComputePipeline {
  let byKey = pipelines.get(device);
  if (byKey == null) {
    byKey = new Map();
    pipelines.set(device, byKey);
  }
  let pipeline = byKey.get(key);
  if (pipeline == null) {
    const module = device.createShaderModule({ code: code(), label: key });
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: key });
    byKey.set(key, pipeline);
  }
  return pipeline;
}

/** The spec of a product on a tile. */
export function f16Spec(args: F16MatMulArgs, g: MatMulGeometry, fragment: F16Fragment, tile: F16Tile): F16MatMulSpec {
  return {
    fragment,
    tile,
    transposeA: args.transposeA,
    transposeB: args.transposeB,
    // The contiguous axis of the stored operand: A's K (or M when transposed), B's N (or K when transposed).
    vecA: (args.transposeA ? g.m : g.k) % 4 === 0,
    vecB: (args.transposeB ? g.k : g.n) % 4 === 0,
    edges: hasEdges(tile, { batch: g.batch, m: g.m, n: g.n, transposeA: args.transposeA, transposeB: args.transposeB }),
  };
}

/**
 * Runs `op(a) @ op(b)` on the f16 subgroup-matrix kernel (inputs rounded to f16, f32 accumulation), or returns why it
 * does not (the device lacks the features, N is not a multiple of 4, the backend is another tfjs version), in which
 * case nothing was recorded.
 * @param tile forces a tile (benchmarks); otherwise the f16 planner chooses.
 */
export function runF16MatMul(backend: FastBackend, args: F16MatMulArgs, g: MatMulGeometry, tile?: F16Tile): { out: TensorInfo; tile: F16Tile } | string {
  const fragment = f16Fragment(backend.device);
  if (typeof fragment === 'string') return fragment;
  if (g.n % 4 !== 0) return 'the f16 kernel stores rows of 16-byte aligned output: N must be a multiple of 4';
  const b = asRecordingBackend(backend);
  if (b == null) return 'the webgpu backend is not the tfjs 4.22 WebGPUBackend the f16 kernel records into';
  const limits = backend.device.limits;
  const planned = tile ?? planF16MatMul({ batch: g.batch, m: g.m, n: g.n, transposeA: args.transposeA, transposeB: args.transposeB }, fragment, matMulDevice(backend.device));
  if (typeof planned === 'string') return planned;
  const workgroups = [Math.ceil(g.n / planned.tileN), Math.ceil(g.m / planned.tileM), g.batch] as const;
  if (workgroups.some((w) => w > limits.maxComputeWorkgroupsPerDimension)) return 'dispatch exceeds maxComputeWorkgroupsPerDimension';
  const out = recordF16Product(backend, b, () => f16Pipeline(backend.device, f16Spec(args, g, fragment, planned)), args, g, workgroups, 'F16MatMulProgram');
  return typeof out === 'string' ? out : { out, tile: planned };
}

/** A buffer bound in place of an operand's own (an f16 copy of a weight), with its size in bytes. */
export interface OperandBuffer {
  readonly buffer: GPUBuffer;
  readonly size: number;
}

/**
 * Records one f16 product `op(a) @ op(b)` (either f16 kernel: both take the output, A, B and the uniforms M, N, K and
 * the batch strides at bindings 0 to 3) and returns its output, or why nothing was recorded. `replace` binds other
 * buffers for A or B (their f16 copies; the shader must declare them f16).
 */
export function recordF16Product(
  backend: FastBackend,
  b: RecordingBackend,
  pipelineOf: () => GPUComputePipeline,
  args: F16MatMulArgs,
  g: MatMulGeometry,
  workgroups: readonly [number, number, number],
  name: string,
  replace: { readonly a?: OperandBuffer | undefined; readonly b?: OperandBuffer | undefined } = {},
): TensorInfo | string {
  const bufA = replace.a?.buffer ?? storageBuffer(b, args.a.dataId);
  const bufB = replace.b?.buffer ?? storageBuffer(b, args.b.dataId);
  if (bufA == null || bufB == null) return 'an operand is not in a storage buffer';
  const pipeline = pipelineOf();
  const out = backend.makeTensorInfo(g.outShape, 'float32');
  const bufOut = storageBuffer(b, out.dataId);
  if (bufOut == null) {
    backend.disposeData(out.dataId);
    return 'the output buffer is not a storage buffer';
  }
  const size = (t: TensorInfo) => 4 * t.shape.reduce((x, y) => x * y, 1);
  const uniforms = b.makeUniforms([
    { type: 'uint32', data: [g.m] },
    { type: 'uint32', data: [g.n] },
    { type: 'uint32', data: [g.k] },
    { type: 'uint32', data: [g.batchA === 1 ? 0 : g.m * g.k] },
    { type: 'uint32', data: [g.batchB === 1 ? 0 : g.k * g.n] },
    { type: 'uint32', data: [0] },
    { type: 'uint32', data: [0] },
    { type: 'uint32', data: [0] },
  ]);
  const bindGroup = backend.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: bufOut, offset: 0, size: 4 * g.batch * g.m * g.n } },
      { binding: 1, resource: { buffer: bufA, offset: 0, size: replace.a?.size ?? size(args.a) } },
      { binding: 2, resource: { buffer: bufB, offset: 0, size: replace.b?.size ?? size(args.b) } },
      { binding: 3, resource: uniforms },
    ],
  });
  recordDispatch(b, pipeline, bindGroup, workgroups, [args.a.dataId, args.b.dataId, out.dataId], name);
  return out;
}
