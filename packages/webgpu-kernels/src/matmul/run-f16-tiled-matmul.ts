import type { TensorInfo } from '@spectromix/tensor';
import type { FastBackend } from '../backend.js';
import { F16_TILED_TILE, f16TiledKey, f16TiledShader, type F16TiledSpec } from './f16-tiled-shader.js';
import { asRecordingBackend } from './record-pass.js';
import { cachedPipeline, recordF16Product, type F16MatMulArgs } from './run-f16-matmul.js';
import type { MatMulGeometry } from './run-matmul.js';
import { f16CopyOf } from '../inference/f16-weights.js';

/** Why `device` cannot run the shader-f16 tiled matmul, or undefined when it can. */
export function f16TiledUnavailable(device: GPUDevice): string | undefined {
  return device.features.has('shader-f16') ? undefined : "the device lacks shader-f16 (initBackend('webgpu', { matmulPrecision: 'auto' }) requests it where the adapter has it)";
}

/**
 * Runs `op(a) @ op(b)` on the shader-f16 tiled kernel ({@link f16TiledShader}: inputs rounded to f16, f32
 * accumulation, no subgroup matrices), or returns why it does not, in which case nothing was recorded. The
 * matmul uses it under `matMulPrecision: 'f16'` where the device has no subgroup matrices: the same numerics as the
 * tensor-core kernel, not its speed.
 */
export function runF16TiledMatMul(backend: FastBackend, args: F16MatMulArgs, g: MatMulGeometry): { out: TensorInfo; plan: string } | string {
  const why = f16TiledUnavailable(backend.device);
  if (why != null) return why;
  const b = asRecordingBackend(backend);
  if (b == null) return 'the webgpu backend is not the tfjs 4.22 WebGPUBackend the f16 kernel records into';
  const { tileM, tileN, tileK } = F16_TILED_TILE;
  const workgroups = [Math.ceil(g.n / tileN), Math.ceil(g.m / tileM), g.batch] as const;
  if (workgroups.some((w) => w > backend.device.limits.maxComputeWorkgroupsPerDimension)) return 'dispatch exceeds maxComputeWorkgroupsPerDimension';
  // Weights converted to f16 once (f16 inference) are read from their copies: half the bytes, no rounding per call.
  const halfA = f16CopyOf(args.a.dataId);
  const halfB = f16CopyOf(args.b.dataId);
  const spec: F16TiledSpec = { transposeA: args.transposeA, transposeB: args.transposeB, halfA: halfA != null, halfB: halfB != null };
  const pipeline = () => cachedPipeline(backend.device, f16TiledKey(spec), () => f16TiledShader(spec));
  const out = recordF16Product(backend, b, pipeline, args, g, workgroups, 'F16TiledMatMulProgram', { a: halfA, b: halfB });
  const stored = halfA != null || halfB != null ? `, f16 ${[halfA != null ? 'A' : '', halfB != null ? 'B' : ''].join('')}` : '';
  return typeof out === 'string' ? out : { out, plan: `f16 tiled ${tileM}x${tileN}x${tileK} (shader-f16${stored})` };
}
