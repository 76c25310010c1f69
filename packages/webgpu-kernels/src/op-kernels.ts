import { util, type GradConfig, type KernelConfig, type KernelFunc, type TensorInfo } from '@spectromix/tensor';
import { asWebGPUBackend, view, type FastBackend } from './backend.js';
import { KernelShapeError } from './errors.js';
import { runFastMatMul, type FastMatMulArgs } from './matmul/run-matmul.js';
import type { BiasAxis, MatMulActivation } from './matmul/matmul-types.js';
import { columnSumProgram, type ColumnSumMode } from './programs/column-sum-program.js';
import { rowSumProgram } from './programs/row-sum-program.js';
import { biasGeluProgram, rollGroupsProgram, rollGroupsUniforms } from './programs/elementwise-programs.js';
import { layerNormProgram, type LayerNormMode } from './programs/layer-norm-program.js';
import { countFast } from './stats.js';
import * as names from './names.js';
import { need, type KernelInputs } from './kernel-inputs.js';
import { biasGeluGradConfig, geluGradConfig } from './gradients/bias-gelu-grad.js';
import { layerNormGradConfig, layerNormSkipGradConfig } from './gradients/layer-norm-grad.js';
import { linearGradConfig } from './gradients/linear-grad.js';
import { rollGroupsGradConfig } from './gradients/roll-groups-grad.js';
import { rolledLinearGradConfig } from './gradients/rolled-linear-grad.js';
import type { RollRemap } from './matmul/matmul-types.js';
import { adamMomentsKernel, adamParamKernel } from './adam-kernels.js';

type KernelArgs = Parameters<KernelFunc>[0];
type Inputs = KernelInputs;

const maxDim = (b: FastBackend) => b.device.limits.maxComputeWorkgroupsPerDimension;
const lastDim = (t: TensorInfo) => t.shape[t.shape.length - 1] ?? 1;

function config(kernelName: string, run: (backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>) => TensorInfo | TensorInfo[]): KernelConfig {
  const kernelFunc = (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const out = run(asWebGPUBackend(args.backend), args.inputs as Inputs, (args.attrs ?? {}) as Record<string, unknown>);
    countFast(kernelName);
    return out;
  };
  return { kernelName, backendName: 'webgpu', kernelFunc: kernelFunc as KernelFunc };
}

/** Runs the fast matmul for an op's kernel, or throws the op's typed error with the reason it declined. */
function matMulFor(op: string, backend: FastBackend, args: FastMatMulArgs): TensorInfo {
  const out = runFastMatMul(backend, args);
  if (typeof out === 'string') throw new KernelShapeError(op, `the WebGPU matmul cannot run this product: ${out}`);
  return out;
}

function linear(backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>): TensorInfo {
  return matMulFor('linear', backend, {
    a: need(inputs, 'a', names.LINEAR),
    b: need(inputs, 'b', names.LINEAR),
    transposeA: attrs['transposeA'] === true,
    transposeB: attrs['transposeB'] === true,
    bias: inputs['bias'],
    biasAxis: (attrs['biasAxis'] ?? 'column') as BiasAxis,
    activation: (attrs['activation'] ?? 'linear') as MatMulActivation,
    residual: inputs['residual'],
  });
}

/** `sum_i op(a[i]) @ op(b[i])`: one product with the batch folded into K (or per item, then a slab sum). */
function matMulSumBatch(backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>): TensorInfo {
  return matMulFor('matMulSumBatch', backend, {
    a: need(inputs, 'a', names.MATMUL_SUM_BATCH),
    b: need(inputs, 'b', names.MATMUL_SUM_BATCH),
    transposeA: attrs['transposeA'] === true,
    transposeB: attrs['transposeB'] === true,
    sumBatch: true,
  });
}

/** The roll remap a rolled kernel's attributes describe (the op checked and normalised them). */
function rollAttrs(attrs: Record<string, unknown>, operand: RollRemap['operand'], channels: number): RollRemap {
  return {
    operand,
    freq: Number(attrs['freq']),
    time: Number(attrs['time']),
    groupWidth: channels / Number(attrs['groups']),
    shiftF: attrs['shiftF'] as number[],
    shiftT: attrs['shiftT'] as number[],
  };
}

function rolledLinear(backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>): TensorInfo {
  const x = need(inputs, 'x', names.ROLLED_LINEAR);
  return matMulFor('rolledLinear', backend, {
    a: x,
    b: need(inputs, 'weight', names.ROLLED_LINEAR),
    transposeA: false,
    transposeB: false,
    bias: inputs['bias'],
    activation: (attrs['activation'] ?? 'linear') as MatMulActivation,
    residual: inputs['residual'],
    roll: rollAttrs(attrs, 'a', lastDim(x)),
  });
}

function rollRemapMatMul(backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>): TensorInfo {
  const a = need(inputs, 'a', names.ROLL_REMAP_MATMUL);
  const b = need(inputs, 'b', names.ROLL_REMAP_MATMUL);
  const transposeA = attrs['transposeA'] === true;
  const transposeB = attrs['transposeB'] === true;
  const operand = attrs['remap'] === 'output' ? 'output' : 'a';
  // The channels are A's stored columns, or the output's.
  const channels = operand === 'a' ? lastDim(a) : ((transposeB ? b.shape[0] : b.shape[1]) ?? 1);
  return matMulFor('rollRemapMatMul', backend, { a, b, transposeA, transposeB, roll: rollAttrs(attrs, operand, channels) });
}

function layerNormRows(backend: FastBackend, mode: LayerNormMode, inputs: TensorInfo[], d: number, epsilon: number): TensorInfo {
  const rows = util.sizeFromShape(inputs[0]?.shape ?? []) / d;
  const program = layerNormProgram(mode, rows, d, maxDim(backend));
  const shaped = inputs.map((t) => (t.shape.length === 1 ? t : view(t, [rows, d])));
  return backend.runWebGPUProgram(program, shaped, 'float32', [
    { type: 'int32', data: [rows] },
    { type: 'float32', data: [epsilon] },
  ]);
}

/**
 * Sums `[rows, cols]` down the rows with `mode`'s summand, in one launch whatever the row count.
 * `inputs` come shaped as the program reads them: `[rows, cols]` tensors, `[cols]` bias, `[rows, 2]` stats.
 */
function columnSum(backend: FastBackend, mode: ColumnSumMode, inputs: TensorInfo[], rows: number, cols: number): TensorInfo {
  const l = backend.device.limits;
  const limits = { maxThreads: l.maxComputeInvocationsPerWorkgroup, maxShared: l.maxComputeWorkgroupStorageSize, maxPerDim: l.maxComputeWorkgroupsPerDimension };
  return backend.runWebGPUProgram(columnSumProgram(mode, rows, cols, limits), inputs, 'float32', [
    { type: 'int32', data: [rows] },
    { type: 'int32', data: [cols % 4 === 0 ? cols / 4 : cols] },
  ]);
}

function layerNormGammaGrad(backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>): TensorInfo {
  const dy = need(inputs, 'dy', names.LAYER_NORM_GAMMA_GRAD);
  const x = need(inputs, 'x', names.LAYER_NORM_GAMMA_GRAD);
  const d = lastDim(x);
  const rows = util.sizeFromShape(x.shape) / d;
  const stats = layerNormRows(backend, 'stats', [x], d, Number(attrs['epsilon']));
  const out = columnSum(backend, 'lnGamma', [view(dy, [rows, d]), view(x, [rows, d]), stats], rows, d);
  backend.disposeData(stats.dataId);
  return out;
}

function biasGelu(direction: 'forward' | 'backward') {
  return (backend: FastBackend, inputs: Inputs): TensorInfo => {
    const x = need(inputs, 'x', names.BIAS_GELU);
    const bias = inputs['bias'];
    const cols = lastDim(x);
    const size = util.sizeFromShape(x.shape);
    const program = biasGeluProgram(direction, bias != null, size, cols, maxDim(backend));
    const flatInputs = direction === 'forward' ? [view(x, [size])] : [view(need(inputs, 'dy', names.BIAS_GELU_GRAD), [size]), view(x, [size])];
    if (bias != null) flatInputs.push(view(bias, [cols]));
    const c = cols % 4 === 0 ? 4 : 1;
    const out = backend.runWebGPUProgram(program, flatInputs, 'float32', [
      { type: 'int32', data: [size / c] },
      { type: 'int32', data: [cols / c] },
    ]);
    return { dataId: out.dataId, shape: [...x.shape], dtype: 'float32' };
  };
}

function rollGroups(backend: FastBackend, inputs: Inputs, attrs: Record<string, unknown>): TensorInfo {
  const x = need(inputs, 'x', names.ROLL_GROUPS);
  const shape = x.shape as [number, number, number, number];
  const groups = Number(attrs['groups']);
  const shifts = { shiftF: attrs['shiftF'] as number[], shiftT: attrs['shiftT'] as number[] };
  const out = backend.runWebGPUProgram(
    rollGroupsProgram(shape, groups, shifts, maxDim(backend)),
    [view(x, [util.sizeFromShape(shape)])],
    'float32',
    rollGroupsUniforms(shape, groups).map((v) => ({ type: 'int32', data: [v] })),
  );
  return { dataId: out.dataId, shape: [...shape], dtype: 'float32' };
}

/** The webgpu kernels of the spectromix ops. */
export const OP_KERNELS: readonly KernelConfig[] = [
  config(names.LINEAR, linear),
  config(names.MATMUL_SUM_BATCH, matMulSumBatch),
  config(names.LAYER_NORM, (b, i, a) => {
    const x = need(i, 'x', names.LAYER_NORM);
    const out = layerNormRows(b, 'forward', [x, need(i, 'gamma', names.LAYER_NORM), need(i, 'beta', names.LAYER_NORM)], lastDim(x), Number(a['epsilon']));
    return { dataId: out.dataId, shape: [...x.shape], dtype: 'float32' };
  }),
  config(names.LAYER_NORM_GRAD, (b, i, a) => {
    const x = need(i, 'x', names.LAYER_NORM_GRAD);
    const addend = i['addend'];
    const ins = [need(i, 'dy', names.LAYER_NORM_GRAD), x, need(i, 'gamma', names.LAYER_NORM_GRAD)];
    if (addend != null) ins.push(addend);
    const out = layerNormRows(b, addend == null ? 'backward' : 'backwardAdd', ins, lastDim(x), Number(a['epsilon']));
    return { dataId: out.dataId, shape: [...x.shape], dtype: 'float32' };
  }),
  config(names.LAYER_NORM_GAMMA_GRAD, layerNormGammaGrad),
  config(names.LAYER_NORM_SKIP, (b, i, a) => {
    const x = need(i, 'x', names.LAYER_NORM_SKIP);
    const out = layerNormRows(b, 'forward', [x, need(i, 'gamma', names.LAYER_NORM_SKIP), need(i, 'beta', names.LAYER_NORM_SKIP)], lastDim(x), Number(a['epsilon']));
    // The second output is x itself (a new reference to its buffer, as tfjs's Identity makes).
    b.incRef(x.dataId);
    return [{ dataId: out.dataId, shape: [...x.shape], dtype: 'float32' }, { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype }];
  }),
  config(names.COLUMN_SUM, (b, i) => {
    const x = need(i, 'x', names.COLUMN_SUM);
    const y = i['y'];
    const cols = lastDim(x);
    const rows = util.sizeFromShape(x.shape) / cols;
    const ins = y == null ? [view(x, [rows, cols])] : [view(x, [rows, cols]), view(y, [rows, cols])];
    return columnSum(b, y == null ? 'sum' : 'product', ins, rows, cols);
  }),
  config(names.ROW_SUM, (b, i) => {
    const x = need(i, 'x', names.ROW_SUM);
    const r = x.shape.length;
    const rows = x.shape[r - 2] ?? 1;
    const cols = x.shape[r - 1] ?? 1;
    const batch = util.sizeFromShape(x.shape) / (rows * cols);
    return b.runWebGPUProgram(rowSumProgram(rows, cols, maxDim(b)), [view(x, [util.sizeFromShape(x.shape)])], 'float32', [
      { type: 'int32', data: [batch] },
      { type: 'int32', data: [rows] },
      { type: 'int32', data: [cols % 4 === 0 ? cols / 4 : cols] },
    ]);
  }),
  config(names.BIAS_GELU, biasGelu('forward')),
  config(names.GELU, biasGelu('forward')),
  config(names.BIAS_GELU_GRAD, biasGelu('backward')),
  config(names.BIAS_GELU_BIAS_GRAD, (b, i) => {
    const x = need(i, 'x', names.BIAS_GELU_BIAS_GRAD);
    const bias = i['bias'];
    const cols = lastDim(x);
    const rows = util.sizeFromShape(x.shape) / cols;
    const ins = [view(need(i, 'dy', names.BIAS_GELU_BIAS_GRAD), [rows, cols]), view(x, [rows, cols])];
    if (bias != null) ins.push(view(bias, [cols]));
    return columnSum(b, bias != null ? 'geluGrad' : 'geluGradNoBias', ins, rows, cols);
  }),
  config(names.ROLL_GROUPS, rollGroups),
  config(names.ROLLED_LINEAR, rolledLinear),
  config(names.ROLL_REMAP_MATMUL, rollRemapMatMul),
  config(names.ADAM_MOMENTS, adamMomentsKernel),
  config(names.ADAM_PARAM, adamParamKernel),
];

/** Gradients of the spectromix op kernels (backend independent: written in ops). */
export const OP_GRADIENTS: readonly GradConfig[] = [linearGradConfig, layerNormGradConfig, layerNormSkipGradConfig, biasGeluGradConfig, geluGradConfig, rollGroupsGradConfig, rolledLinearGradConfig];
