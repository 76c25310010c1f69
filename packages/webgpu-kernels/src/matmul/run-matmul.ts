import { backend_util, type TensorInfo } from '@spectromix/tensor';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch, view, type FastBackend, type ProgramUniform } from '../backend.js';
import { matMulShader, tileThreads } from './matmul-shader.js';
import { MATMUL_TILES, planMatMul, type MatMulPlan } from './matmul-plan.js';
import type { BiasAxis, LoadMode, MatMulActivation, MatMulShaderSpec, RollRemap } from './matmul-types.js';
import { ROLL_UNIFORMS, rollRemapKey, rollRemapMismatch, rollRemapUniforms } from './roll-remap.js';

/** A product the fast kernel computes: `act(op(a) @ op(b) + bias) + residual`, batched over leading axes. */
export interface FastMatMulArgs {
  readonly a: TensorInfo;
  readonly b: TensorInfo;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly bias?: TensorInfo | undefined;
  readonly biasAxis?: BiasAxis | undefined;
  readonly activation?: MatMulActivation | undefined;
  /** Slope of `leakyrelu`. */
  readonly alpha?: number | undefined;
  readonly residual?: TensorInfo | undefined;
  /** A Roll-Time folded in as an index remap of A's rows or of the output's rows (see {@link RollRemap}). */
  readonly roll?: RollRemap | undefined;
}

/** The product's geometry once leading axes are flattened into one batch axis. */
export interface MatMulGeometry {
  readonly batchA: number;
  readonly batchB: number;
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** The output's shape: broadcast leading axes, then `[m, n]`. */
  readonly outShape: number[];
}

const prod = (s: readonly number[]): number => s.reduce((x, y) => x * y, 1);

/**
 * Geometry of `op(a) @ op(b)`, or a reason the fast kernel does not take it (tfjs's own kernel then runs).
 * Leading axes must be equal, or flatten to 1 on one side (a shared weight matrix).
 */
export function matMulGeometry(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): MatMulGeometry | string {
  if (a.shape.length < 2 || b.shape.length < 2) return 'operands must have rank 2 or more';
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = (transposeA ? a.shape[ra - 1] : a.shape[ra - 2]) as number;
  const ka = (transposeA ? a.shape[ra - 2] : a.shape[ra - 1]) as number;
  const kb = (transposeB ? b.shape[rb - 1] : b.shape[rb - 2]) as number;
  const n = (transposeB ? b.shape[rb - 2] : b.shape[rb - 1]) as number;
  if (ka !== kb) return `inner sizes differ (${ka} vs ${kb})`;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = prod(outerA);
  const batchB = prod(outerB);
  let outer: number[];
  try {
    outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return `leading axes ${JSON.stringify(outerA)} and ${JSON.stringify(outerB)} do not broadcast`;
  }
  if (prod(outer) !== Math.max(batchA, batchB) || (batchA !== batchB && batchA !== 1 && batchB !== 1)) {
    return `leading axes ${JSON.stringify(outerA)} and ${JSON.stringify(outerB)} broadcast in a way the fast kernel does not handle`;
  }
  const batch = Math.max(batchA, batchB);
  return { batchA, batchB, batch, m, n, k: ka, outShape: [...outer, m, n] };
}

function loadMode(kMajor: boolean, outerDim: number, k: number): LoadMode {
  if (kMajor) return outerDim % 4 === 0 ? 'vec4-kmajor' : 'scalar';
  return k % 4 === 0 ? 'vec4-scatter' : 'scalar';
}

/** Builds the spec (shader variant) for a product; exported for tests and the benchmark. */
export function matMulSpec(args: FastMatMulArgs, g: MatMulGeometry, plan: MatMulPlan): MatMulShaderSpec {
  const bias = args.bias == null ? 'none' : (args.biasAxis ?? 'column');
  // Rolled rows move per channel group: a 16-byte run of channels may only span one group.
  const split = args.roll != null && args.roll.groupWidth % 4 !== 0;
  const rolledA = split && args.roll?.operand === 'a';
  const rolledOut = split && args.roll?.operand === 'output';
  return {
    tile: typeof plan.tile === 'string' ? MATMUL_TILES[plan.tile] : plan.tile,
    transposeA: args.transposeA,
    transposeB: args.transposeB,
    loadA: rolledA ? 'scalar' : loadMode(args.transposeA, g.m, g.k),
    loadB: loadMode(!args.transposeB, g.n, g.k),
    vecOut: g.n % 4 === 0 && !rolledOut,
    bias,
    vecBias: bias === 'column' && g.n % 4 === 0,
    activation: args.activation ?? 'linear',
    residual: args.residual != null,
    layout: plan.layout ?? 'nested',
    roll: args.roll,
  };
}

function specKey(s: MatMulShaderSpec): string {
  const t = s.tile;
  return [
    'spxMatMul',
    `${t.tileM}x${t.tileN}x${t.tileK}_${t.threadM}x${t.threadN}`,
    s.transposeA ? 'tA' : 'nA',
    s.transposeB ? 'tB' : 'nB',
    s.loadA,
    s.loadB,
    s.vecOut ? 'v4' : 's',
    s.bias,
    s.vecBias ? 'v4' : 's',
    s.activation,
    s.residual ? 'res' : 'nores',
    s.layout ?? 'nested',
    rollRemapKey(s.roll),
  ].join('_');
}

/** The tfjs program object for one launch. */
function matMulProgram(spec: MatMulShaderSpec, outputShape: number[], dispatch: [number, number, number]): WebGPUProgram {
  const vec = (mode: LoadMode) => (mode === 'scalar' ? 1 : 4);
  const variableNames = ['A', 'B'];
  const variableComponents = [vec(spec.loadA), vec(spec.loadB)];
  if (spec.bias !== 'none') {
    variableNames.push('bias');
    variableComponents.push(spec.vecBias ? 4 : 1);
  }
  if (spec.residual) {
    variableNames.push('residual');
    variableComponents.push(spec.vecOut ? 4 : 1);
  }
  return {
    outputShape,
    shaderKey: specKey(spec),
    dispatchLayout: { x: [2], y: [1], z: [0] },
    dispatch,
    workgroupSize: [tileThreads(spec.tile), 1, 1],
    variableNames,
    variableComponents,
    outputComponent: spec.vecOut ? 4 : 1,
    uniforms: 'dimM : i32, dimN : i32, dimK : i32, strideA : i32, strideB : i32, kSplit : i32, numSplits : i32, alpha : f32,' + (spec.roll == null ? '' : ROLL_UNIFORMS),
    getUserCode: () => matMulShader(spec),
  };
}

/** Device limits the planner needs. */
function deviceLimits(backend: FastBackend): { maxShared: number; maxThreads: number } {
  const l = backend.device.limits;
  return { maxShared: l.maxComputeWorkgroupStorageSize, maxThreads: l.maxComputeInvocationsPerWorkgroup };
}

/**
 * Plans a product for this device, or explains why the fast kernel does not take it.
 * @param plan forces a tile and K split (benchmarks and tests); otherwise the planner chooses.
 */
export function planFor(backend: FastBackend, args: FastMatMulArgs, g: MatMulGeometry, plan?: MatMulPlan): MatMulPlan {
  const epilogue = args.bias != null || (args.activation ?? 'linear') !== 'linear' || args.residual != null;
  if (plan != null) return epilogue ? { ...plan, splitK: 1 } : plan;
  const { maxShared, maxThreads } = deviceLimits(backend);
  const probe = matMulSpec(args, g, { tile: 'large', splitK: 1 });
  return planMatMul({ batch: g.batch, m: g.m, n: g.n, k: g.k, epilogue, loadA: probe.loadA, loadB: probe.loadB }, maxShared, maxThreads);
}

/**
 * Runs the fast matmul and returns the output (shape {@link MatMulGeometry.outShape}), or the reason it
 * declined (dtype, broadcasting, bias or residual shape), in which case nothing was dispatched.
 */
export function runFastMatMul(backend: FastBackend, args: FastMatMulArgs, forcedPlan?: MatMulPlan): TensorInfo | string {
  if (args.a.dtype !== 'float32' || args.b.dtype !== 'float32') return 'only float32 operands are handled';
  const g = matMulGeometry(args.a, args.b, args.transposeA, args.transposeB);
  if (typeof g === 'string') return g;
  if (g.m === 0 || g.n === 0 || g.batch === 0) return 'empty output';
  if (args.bias != null) {
    const want = (args.biasAxis ?? 'column') === 'column' ? g.n : g.m;
    if (args.bias.dtype !== 'float32' || prod(args.bias.shape) !== want) return `bias of shape ${JSON.stringify(args.bias.shape)} is not a vector of ${want}`;
  }
  if (args.residual != null) {
    if (args.residual.dtype !== 'float32' || prod(args.residual.shape) !== g.batch * g.m * g.n) return 'residual must have the output shape';
  }
  const rollMismatch = rollRemapReason(args, g);
  if (rollMismatch != null) return rollMismatch;
  const plan = planFor(backend, args, g, forcedPlan);
  const spec = matMulSpec(args, g, plan);
  const t = spec.tile;
  const kSplit = plan.splitK > 1 ? Math.ceil(g.k / plan.splitK / t.tileK) * t.tileK : Math.max(g.k, 1);
  const numSplits = plan.splitK > 1 ? Math.ceil(g.k / kSplit) : 1;
  const outBatches = g.batch * numSplits;
  const maxDim = backend.device.limits.maxComputeWorkgroupsPerDimension;
  const dispatch: [number, number, number] = [Math.ceil(g.n / t.tileN), Math.ceil(g.m / t.tileM), outBatches];
  if (dispatch.some((d) => d > maxDim)) return 'dispatch exceeds maxComputeWorkgroupsPerDimension';
  const outShape3 = [outBatches, g.m, g.n];
  const program = matMulProgram(spec, outShape3, dispatch);
  const aRows = args.transposeA ? g.k : g.m;
  const aCols = args.transposeA ? g.m : g.k;
  const bRows = args.transposeB ? g.n : g.k;
  const bCols = args.transposeB ? g.k : g.n;
  const inputs: TensorInfo[] = [view(args.a, [g.batchA, aRows, aCols]), view(args.b, [g.batchB, bRows, bCols])];
  if (args.bias != null) inputs.push(view(args.bias, [prod(args.bias.shape)]));
  if (args.residual != null) inputs.push(view(args.residual, outShape3));
  const uniforms: ProgramUniform[] = [
    { type: 'int32', data: [g.m] },
    { type: 'int32', data: [g.n] },
    { type: 'int32', data: [g.k] },
    { type: 'int32', data: [g.batchA === 1 ? 0 : g.m * g.k] },
    { type: 'int32', data: [g.batchB === 1 ? 0 : g.k * g.n] },
    { type: 'int32', data: [kSplit] },
    { type: 'int32', data: [numSplits] },
    { type: 'float32', data: [args.alpha ?? 0.2] },
    ...(args.roll == null ? [] : rollRemapUniforms(args.roll)),
  ];
  const out = backend.runWebGPUProgram(program, inputs, 'float32', uniforms.map((u) => ({ type: u.type, data: [...u.data] })));
  if (numSplits === 1) return { dataId: out.dataId, shape: g.outShape, dtype: 'float32' };
  const summed = runBatchSum(backend, out, numSplits, g.batch * g.m * g.n);
  backend.disposeData(out.dataId);
  return { dataId: summed.dataId, shape: g.outShape, dtype: 'float32' };
}

/** Why a product's roll remap cannot run, or undefined (also when there is none). */
function rollRemapReason(args: FastMatMulArgs, g: MatMulGeometry): string | undefined {
  const roll = args.roll;
  if (roll == null) return undefined;
  if (roll.operand === 'a') {
    // The remap addresses A's stored matrix: tokens are its rows, channels its columns, transposed or not.
    return rollRemapMismatch(roll, args.transposeA ? g.k : g.m, args.transposeA ? g.m : g.k);
  }
  if (args.bias != null || args.residual != null || (args.activation ?? 'linear') !== 'linear') return 'an output roll remap takes no bias, activation or residual';
  return rollRemapMismatch(roll, g.m, g.n);
}

/** Sums `parts` consecutive slabs of `size` elements (the K slices of a split product). */
function runBatchSum(backend: FastBackend, x: TensorInfo, parts: number, size: number): TensorInfo {
  const vec = size % 4 === 0;
  const c = vec ? 4 : 1;
  const type = vec ? 'vec4<f32>' : 'f32';
  const count = size / c;
  const program: WebGPUProgram = {
    outputShape: [size],
    shaderKey: `spxSplitKSum_${parts}_${c}`,
    dispatchLayout: { x: [0] },
    dispatch: flatDispatch(count, 256, backend.device.limits.maxComputeWorkgroupsPerDimension),
    workgroupSize: [256, 1, 1],
    variableNames: ['X'],
    variableComponents: [c],
    outputComponent: c,
    uniforms: 'count : i32,',
    getUserCode: () => `
fn main(index : i32) {
  if (index >= uniforms.count) { return; }
  var s = ${type}(0.0);
  for (var p = 0; p < ${parts}; p = p + 1) { s = s + X[p * uniforms.count + index]; }
  result[index] = s;
}`,
  };
  return backend.runWebGPUProgram(program, [view(x, [parts * size])], 'float32', [{ type: 'int32', data: [count] }]);
}
