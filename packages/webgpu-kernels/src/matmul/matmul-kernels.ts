import { BatchMatMul, _FusedMatMul, type KernelConfig, type KernelFunc, type TensorInfo } from '@spectromix/tensor';
import { asWebGPUBackend, view } from '../backend.js';
import { countFallback, countFast } from '../stats.js';
import { runFastMatMul } from './run-matmul.js';
import type { BiasAxis, MatMulActivation } from './matmul-types.js';

type KernelArgs = Parameters<KernelFunc>[0];

/** tfjs activations the epilogue implements ('prelu' needs a weights tensor and stays with tfjs). */
const FUSED_ACTIVATIONS: readonly string[] = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'];

/**
 * Reads a tfjs fused-matmul bias as a vector along columns (`[N]`, `[1, N]`, ...) or rows (`[..., M, 1]`),
 * or returns undefined when it broadcasts some other way.
 */
function biasVector(bias: TensorInfo, m: number, n: number): { bias: TensorInfo; axis: BiasAxis } | undefined {
  const s = bias.shape;
  const last = s[s.length - 1] ?? 1;
  const size = s.reduce((x, y) => x * y, 1);
  if (size === n && last === n) return { bias: view(bias, [n]), axis: 'column' };
  if (s.length >= 2 && last === 1 && s[s.length - 2] === m && size === m) return { bias: view(bias, [m]), axis: 'row' };
  return undefined;
}

/** Output rows and columns of a tfjs matmul's operands. */
function outerSizes(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): [number, number] {
  const m = (transposeA ? a.shape[a.shape.length - 1] : a.shape[a.shape.length - 2]) ?? 0;
  const n = (transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1]) ?? 0;
  return [m, n];
}

/** The fast `BatchMatMul` for the webgpu backend, handing anything it declines to tfjs's `stock` kernel. */
export function fastBatchMatMulConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const transposeA = args.attrs?.['transposeA'] === true;
    const transposeB = args.attrs?.['transposeB'] === true;
    const out = runFastMatMul(asWebGPUBackend(args.backend), { a, b, transposeA, transposeB });
    if (typeof out !== 'string') {
      countFast(BatchMatMul);
      return out;
    }
    countFallback(BatchMatMul, out);
    return stock.kernelFunc(args);
  };
  return { kernelName: BatchMatMul, backendName: 'webgpu', kernelFunc: kernelFunc as KernelFunc };
}

/** The fast `_FusedMatMul` (bias + activation epilogue) for the webgpu backend, with tfjs's as fallback. */
export function fastFusedMatMulConfig(stock: KernelConfig): KernelConfig {
  const kernelFunc = (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const { a, b, bias, preluActivationWeights } = args.inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const transposeA = args.attrs?.['transposeA'] === true;
    const transposeB = args.attrs?.['transposeB'] === true;
    const activation = String(args.attrs?.['activation'] ?? 'linear');
    const alpha = Number(args.attrs?.['leakyreluAlpha'] ?? 0.2);
    let reason: string | undefined;
    if (preluActivationWeights != null || !FUSED_ACTIVATIONS.includes(activation)) reason = `activation '${activation}' is left to tfjs`;
    let biasArg: { bias: TensorInfo; axis: BiasAxis } | undefined;
    if (reason == null && bias != null) {
      const [m, n] = outerSizes(a, b, transposeA, transposeB);
      biasArg = biasVector(bias, m, n);
      if (biasArg == null) reason = `bias of shape ${JSON.stringify(bias.shape)} is neither a row nor a column vector`;
    }
    if (reason == null) {
      const out = runFastMatMul(asWebGPUBackend(args.backend), {
        a,
        b,
        transposeA,
        transposeB,
        bias: biasArg?.bias,
        biasAxis: biasArg?.axis,
        activation: activation as MatMulActivation,
        alpha,
      });
      if (typeof out !== 'string') {
        countFast(_FusedMatMul);
        return out;
      }
      reason = out;
    }
    countFallback(_FusedMatMul, reason);
    return stock.kernelFunc(args);
  };
  return { kernelName: _FusedMatMul, backendName: 'webgpu', kernelFunc: kernelFunc as KernelFunc };
}
