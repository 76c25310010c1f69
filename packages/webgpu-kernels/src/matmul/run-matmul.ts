import { backend_util, type TensorInfo } from '@spectromix/tensor';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch, view, type FastBackend, type ProgramUniform } from '../backend.js';
import { matMulShader, tileThreads } from './matmul-shader.js';
import { MATMUL_TILES, planMatMul, type MatMulPlan } from './matmul-plan.js';
import { matMulDevice } from './matmul-device.js';
import type { BiasAxis, LoadMode, MatMulActivation, MatMulShaderSpec, RollRemap } from './matmul-types.js';
import { logMatMulLaunch, type MatMulLaunch } from './launch-log.js';
import { ROLL_UNIFORMS, rollRemapKey, rollRemapMismatch, rollRemapUniforms } from './roll-remap.js';
import { matMulPrecision } from './precision.js';
import { runF16MatMul } from './run-f16-matmul.js';
import { runF16TiledMatMul } from './run-f16-tiled-matmul.js';
import { f16Fragment } from './f16-caps.js';

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
  /**
   * Sum the batch: the output is `sum_i op(a[i]) @ op(b[i])` (`[M, N]`), as one product whose K runs over every
   * item (MatMulShaderSpec.foldK); per item and one sum of the slabs where the sizes cannot fold. Both operands
   * need the same batch; no epilogue or roll.
   */
  readonly sumBatch?: boolean | undefined;
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
  /** K per item when the batch is folded into K (see {@link FastMatMulArgs.sumBatch}): `k` is then `batch * foldK`. */
  readonly foldK?: number;
}

/**
 * The geometry of a batch-summed product: one product (batch 1) whose K runs over every item's K, or the reason it
 * cannot be folded (the caller then multiplies per item and sums the slabs).
 */
function foldedGeometry(args: FastMatMulArgs, g: MatMulGeometry): MatMulGeometry | string {
  if (g.batchA !== g.batch || g.batchB !== g.batch) return 'a summed batch needs both operands batched alike';
  if (args.bias != null || args.residual != null || args.roll != null || (args.activation ?? 'linear') !== 'linear') return 'a summed batch takes no epilogue or roll';
  const loads = [loadMode(args.transposeA, g.m, g.k), loadMode(!args.transposeB, g.n, g.k)];
  if (loads.includes('scalar') || g.k % 16 !== 0) return 'a folded batch needs sizes that are multiples of 4 and K a multiple of 16';
  return { ...g, batch: 1, batchA: 1, batchB: 1, k: g.batch * g.k, outShape: [g.m, g.n], foldK: g.k };
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
    roll: args.roll,
    foldK: g.foldK,
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
    rollRemapKey(s.roll),
    s.foldK == null ? '' : `fold${s.foldK}`,
  ].join('_');
}

/**
 * A tfjs program whose class names its launches in WebGPU profiles (`tf.time` lists each launch by its program's
 * class): the fields are the plain program object's.
 */
class NamedProgram implements WebGPUProgram {
  outputShape!: number[];
  shaderKey!: string;
  dispatchLayout!: WebGPUProgram['dispatchLayout'];
  dispatch!: [number, number, number];
  workgroupSize!: [number, number, number];
  variableNames!: string[];
  variableComponents?: number[];
  outputComponent?: number;
  uniforms?: string;
  getUserCode!: () => string;
  constructor(fields: WebGPUProgram) {
    Object.assign(this, fields);
  }
}

/** A launch of the tiled matmul (profiles list it as `MatMulProgram`). */
class MatMulProgram extends NamedProgram {}

/** The sum of a K-split product's slices (profiles list it as `MatMulSplitSumProgram`). */
class MatMulSplitSumProgram extends NamedProgram {}

/** The tfjs program for one launch. */
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
  return new MatMulProgram({
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
  });
}

/** What the launch log records of a product (see {@link MatMulLaunch}). */
function launchOf(spec: MatMulShaderSpec, g: MatMulGeometry, plan: MatMulPlan, kind: MatMulLaunch['kind']): MatMulLaunch {
  const t = spec.tile;
  const parts = [spec.bias === 'none' ? '' : `bias(${spec.bias})`, spec.activation === 'linear' ? '' : spec.activation, spec.residual ? 'residual' : ''].filter((x) => x !== '');
  return {
    kind,
    batch: g.batch,
    m: g.m,
    n: g.n,
    k: g.k,
    transposeA: spec.transposeA,
    transposeB: spec.transposeB,
    epilogue: parts.length === 0 ? 'none' : parts.join('+'),
    roll: spec.roll?.operand ?? null,
    plan: `${t.tileM}x${t.tileN}x${t.tileK}/${plan.splitK}`,
    flops: kind === 'product' ? 2 * g.batch * g.m * g.n * g.k : 0,
  };
}

/**
 * Plans a product for this device, or explains why the fast kernel does not take it.
 * @param plan forces a tile and K split (benchmarks and tests); otherwise the planner chooses.
 */
export function planFor(backend: FastBackend, args: FastMatMulArgs, g: MatMulGeometry, plan?: MatMulPlan): MatMulPlan {
  const epilogue = args.bias != null || (args.activation ?? 'linear') !== 'linear' || args.residual != null;
  if (plan != null) return epilogue ? { ...plan, splitK: 1 } : plan;
  const probe = matMulSpec(args, g, { tile: 'large', splitK: 1 });
  return planMatMul({ batch: g.batch, m: g.m, n: g.n, k: g.k, epilogue, loadA: probe.loadA, loadB: probe.loadB }, matMulDevice(backend.device));
}

/**
 * Runs the fast matmul and returns the output (shape {@link MatMulGeometry.outShape}), or the reason it
 * declined (dtype, broadcasting, bias or residual shape), in which case nothing was dispatched.
 */
export function runFastMatMul(backend: FastBackend, args: FastMatMulArgs, forcedPlan?: MatMulPlan): TensorInfo | string {
  if (args.a.dtype !== 'float32' || args.b.dtype !== 'float32') return 'only float32 operands are handled';
  const perItem = matMulGeometry(args.a, args.b, args.transposeA, args.transposeB);
  if (typeof perItem === 'string') return perItem;
  let g = perItem;
  if (args.sumBatch === true) {
    const folded = foldedGeometry(args, perItem);
    if (typeof folded === 'string') return sumOfProducts(backend, args, perItem, forcedPlan);
    g = folded;
  }
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
  if (forcedPlan == null && matMulPrecision() !== 'fp32' && plainProduct(args)) {
    const f16 = runF16MatMul(backend, args, g);
    if (typeof f16 !== 'string') {
      const t = f16.tile;
      logMatMulLaunch(() => ({ ...launchOf(matMulSpec(args, g, { tile: 'large', splitK: 1 }), g, { tile: 'large', splitK: 1 }, 'product'), plan: `f16 ${t.tileM}x${t.tileN}x${t.tileK}@${t.sgM}x${t.sgN}` }));
      return { dataId: f16.out.dataId, shape: g.outShape, dtype: 'float32' };
    }
    // 'f16' asks for f16 numerics: without subgroup matrices, the shader-f16 kernel gives them ('auto' stays fp32 there).
    if (matMulPrecision() === 'f16' && typeof f16Fragment(backend.device) === 'string') {
      const tiled = runF16TiledMatMul(backend, args, g);
      if (typeof tiled !== 'string') {
        logMatMulLaunch(() => ({ ...launchOf(matMulSpec(args, g, { tile: 'large', splitK: 1 }), g, { tile: 'large', splitK: 1 }, 'product'), plan: tiled.plan }));
        return { dataId: tiled.out.dataId, shape: g.outShape, dtype: 'float32' };
      }
    }
  }
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
    // Per-item strides: of the batch, or of the items a folded K runs over.
    { type: 'int32', data: [g.foldK != null ? g.m * g.foldK : g.batchA === 1 ? 0 : g.m * g.k] },
    { type: 'int32', data: [g.foldK != null ? g.foldK * g.n : g.batchB === 1 ? 0 : g.k * g.n] },
    { type: 'int32', data: [kSplit] },
    { type: 'int32', data: [numSplits] },
    { type: 'float32', data: [args.alpha ?? 0.2] },
    ...(args.roll == null ? [] : rollRemapUniforms(args.roll)),
  ];
  const out = backend.runWebGPUProgram(program, inputs, 'float32', uniforms.map((u) => ({ type: u.type, data: [...u.data] })));
  logMatMulLaunch(() => launchOf(spec, g, plan, 'product'));
  if (numSplits === 1) return { dataId: out.dataId, shape: g.outShape, dtype: 'float32' };
  const summed = runBatchSum(backend, out, numSplits, g.batch * g.m * g.n);
  logMatMulLaunch(() => launchOf(spec, g, plan, 'split-sum'));
  backend.disposeData(out.dataId);
  return { dataId: summed.dataId, shape: g.outShape, dtype: 'float32' };
}

/** A product without epilogue, roll or summed batch: what the f16 kernel takes (the rest stays fp32). */
function plainProduct(args: FastMatMulArgs): boolean {
  return args.bias == null && args.residual == null && args.roll == null && args.sumBatch !== true && (args.activation ?? 'linear') === 'linear';
}

/** A batch-summed product that cannot fold its batch into K: the products per item, then one sum of the slabs. */
function sumOfProducts(backend: FastBackend, args: FastMatMulArgs, g: MatMulGeometry, forcedPlan?: MatMulPlan): TensorInfo | string {
  if (args.bias != null || args.residual != null || args.roll != null || (args.activation ?? 'linear') !== 'linear') return 'a summed batch takes no epilogue or roll';
  const items = runFastMatMul(backend, { ...args, sumBatch: false }, forcedPlan);
  if (typeof items === 'string' || g.batch === 1) return typeof items === 'string' ? items : { ...items, shape: [g.m, g.n] };
  const summed = runBatchSum(backend, items, g.batch, g.m * g.n);
  logMatMulLaunch(() => ({ kind: 'split-sum', batch: g.batch, m: g.m, n: g.n, k: g.k, transposeA: args.transposeA, transposeB: args.transposeB, epilogue: 'none', roll: null, plan: 'batch sum', flops: 0 }));
  backend.disposeData(items.dataId);
  return { dataId: summed.dataId, shape: [g.m, g.n], dtype: 'float32' };
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
  const program = new MatMulSplitSumProgram({
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
  });
  return backend.runWebGPUProgram(program, [view(x, [parts * size])], 'float32', [{ type: 'int32', data: [count] }]);
}
